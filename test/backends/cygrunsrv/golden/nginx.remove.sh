#!/bin/sh
# Removes the Windows service procform-nginx (procform, cygrunsrv backend; generated, not run).
exec cygrunsrv --remove procform-nginx

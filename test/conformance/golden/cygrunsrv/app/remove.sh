#!/bin/sh
# Removes the Windows service procform-app (procform, cygrunsrv backend; generated, not run).
exec cygrunsrv --remove procform-app

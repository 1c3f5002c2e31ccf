#!/bin/sh
# Removes the Windows service procform-webapp (procform, cygrunsrv backend; generated, not run).
exec cygrunsrv --remove procform-webapp

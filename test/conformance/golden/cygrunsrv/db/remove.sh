#!/bin/sh
# Removes the Windows service procform-db (procform, cygrunsrv backend; generated, not run).
exec cygrunsrv --remove procform-db

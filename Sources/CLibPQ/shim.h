#ifndef TASKBRIDGE_CLIBPQ_SHIM_H
#define TASKBRIDGE_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif

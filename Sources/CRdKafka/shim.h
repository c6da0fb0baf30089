#ifndef INVOICE_FLEET_CRDKAFKA_SHIM_H
#define INVOICE_FLEET_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
#endif

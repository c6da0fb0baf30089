#ifndef INVOICE_FLEET_CRDKAFKA_SHIM_H
#define INVOICE_FLEET_CRDKAFKA_SHIM_H
#include <librdkafka/rdkafka.h>
/* The in-process mock cluster, for the Kafka module's unit tests (KafkaMockCluster). */
#include <librdkafka/rdkafka_mock.h>
#endif

// Catch2's main for every unit test. Tags: [slow] marks cases left out of the fast suite.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

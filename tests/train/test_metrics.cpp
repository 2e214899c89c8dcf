#include "train/metrics.h"

#include <catch2/catch.hpp>

using genlab::train::RingBuffer;

TEST_CASE("a ring buffer keeps the newest values in order", "[metrics]") {
  RingBuffer<int> r(3);
  CHECK(r.size() == 0);
  r.push(1);
  r.push(2);
  CHECK(r.to_vector() == std::vector<int>{1, 2});
  r.push(3);
  r.push(4);
  r.push(5);
  CHECK(r.size() == 3);
  CHECK(r.to_vector() == std::vector<int>{3, 4, 5});
  CHECK(r[0] == 3);
  CHECK(r.back() == 5);
  CHECK(r.total_pushed() == 5);
}

TEST_CASE("a curve pairs steps with values", "[metrics]") {
  genlab::train::Curve c("loss", 2);
  c.push(10, 1.5f);
  c.push(20, 1.0f);
  c.push(30, 0.5f);
  CHECK(c.steps.to_vector() == std::vector<long>{20, 30});
  CHECK(c.values.to_vector() == std::vector<float>{1.0f, 0.5f});
}

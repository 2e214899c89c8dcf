#include "core/tensor.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "core/parallel.h"

using genlab::Tensor;

TEST_CASE("a tensor is row-major with the sizes it was given", "[tensor]") {
  Tensor t({2, 3, 5, 7}, 1.5f);
  CHECK(t.dim() == 4);
  CHECK(t.numel() == 210);
  CHECK(t.size(-1) == 7);
  CHECK(t[209] == 1.5f);
  t.at(1, 2, 4, 6) = 9.f;
  CHECK(t[209] == 9.f);  // the last element
  t.at(0, 0, 1, 0) = 3.f;
  CHECK(t[7] == 3.f);  // one row of W further
  CHECK(reinterpret_cast<std::uintptr_t>(t.data()) % 16 == 0);
}

TEST_CASE("mat() views a tensor as (size(0), rest) without copying", "[tensor]") {
  Tensor t = Tensor::from({2, 3}, {1, 2, 3, 4, 5, 6});
  CHECK(t.mat().rows() == 2);
  CHECK(t.mat().cols() == 3);
  CHECK(t.mat()(1, 0) == 4.f);
  t.mat()(0, 2) = 30.f;
  CHECK(t.at(0, 2) == 30.f);
  CHECK(t.vec().sum() == Approx(1 + 2 + 30 + 4 + 5 + 6));
}

TEST_CASE("reshape keeps values, resize zeroes", "[tensor]") {
  Tensor t = Tensor::from({2, 3}, {1, 2, 3, 4, 5, 6});
  t.reshape({3, 2});
  CHECK(t.at(2, 1) == 6.f);
  CHECK_THROWS_WITH(t.reshape({4, 2}), Catch::Contains("reshape: (3, 2) has 6 values, (4, 2) needs 8"));
  t.resize({5});
  CHECK(t.numel() == 5);
  CHECK(t[4] == 0.f);
}

TEST_CASE("resize zeroes and copy_from copies every value, on any number of threads", "[tensor]") {
  // 5 values stay on the calling thread; the others are split over the pool, in uneven ranges.
  for (int threads : {1, 2, 3}) {
    genlab::set_thread_count(threads);
    for (int n : {5, 40000, 100003}) {
      INFO("threads=" << threads << " n=" << n);
      Tensor t({n}, std::numeric_limits<float>::quiet_NaN());
      t.resize({1, n});
      CHECK(t.shape() == std::vector<int>{1, n});
      std::int64_t zeros = 0;
      for (std::int64_t i = 0; i < t.numel(); ++i) zeros += t[i] == 0.f && !std::signbit(t[i]);
      CHECK(zeros == n);
      const float* kept = t.data();
      t.resize({n - 1});  // a smaller shape keeps the allocation
      CHECK(t.data() == kept);

      Tensor from({n, 1});
      for (std::int64_t i = 0; i < from.numel(); ++i) from[i] = static_cast<float>(i) * 0.5f - 7.f;
      for (int stale : {n, 3, 2 * n}) {  // the same size, a smaller and a larger allocation
        Tensor to({stale}, std::numeric_limits<float>::infinity());
        to.copy_from(from);
        CHECK(to.shape() == from.shape());
        std::int64_t same = 0;
        for (std::int64_t i = 0; i < from.numel(); ++i) same += to[i] == from[i];
        CHECK(same == n);
      }
      from.copy_from(from);
      CHECK(from[n - 1] == static_cast<float>(n - 1) * 0.5f - 7.f);
    }
  }
  genlab::set_thread_count(genlab::default_thread_count());
}

TEST_CASE("bad shapes are rejected with the op and the shapes named", "[tensor]") {
  CHECK_THROWS_WITH(Tensor({1, 2, 3, 4, 5}), Catch::Contains("at most 4 dimensions"));
  CHECK_THROWS_WITH(Tensor({2, -1}), Catch::Contains("negative size in (2, -1)"));
  CHECK_THROWS_WITH(Tensor::from({2, 2}, {1, 2, 3}), Catch::Contains("3 values for shape (2, 2)"));
  Tensor x({64, 783});
  CHECK_THROWS_WITH(genlab::check_shape("linear", "input", x, {-1, 784}),
                    "linear: input has shape (64, 783), expected (*, 784)");
  CHECK_NOTHROW(genlab::check_shape("linear", "input", x, {-1, 783}));
  CHECK_THROWS_WITH(x.size(2), Catch::Contains("dimension 2 out of range for (64, 783)"));
}

// GEMM cases for `genlab bench`: square products for the kernel's speed and its scaling over
// threads, and every product of issue 3's training workloads W1 (MLP 784-256-256-10, batch 64) and
// W2 (VAE 784-400-20-400-784, batch 128; fc21 and fc22 share a shape). A Linear layer with
// weight W (out, in) and a batch X (B, in) needs three:
//   fwd          Y  = X W^T    gemm(No, Yes, B, out, in)
//   bwd_input    dX += dY W    gemm(No, No, B, in, out)
//   bwd_weight   dW += dY^T X  gemm(Yes, No, out, in, B)
// W3 (the DCGAN, batch 64) adds its convolutions, each a GEMM over the batch's im2col matrix
// (nn/conv2d.cpp, nn/conv_transpose2d.cpp): with R = c k k rows of that matrix and N = 64 P columns,
//   Conv2d          fwd (No, No, c_out, N, R)   bwd_weight (No, Yes, c_out, R, N)   bwd_input (Yes, No, R, N, c_out)
//   ConvTranspose2d fwd (Yes, No, R, N, c_in)   bwd_weight (No, Yes, c_in, R, N)    bwd_input (No, No, c_in, N, R)
// Names end in MxNxK. Inputs are uniform in [-1, 1) from a fixed seed, in Tensors, so that they are
// aligned as the layers' operands are (to 16 bytes in WebAssembly). A std::vector there is aligned to
// 8 only, and a v128 load from 8 mod 16 straddles a cache line every fourth time: the kernel reading
// op(B) of 10x256x64 in place ran 11% slower from such storage.
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "core/gemm.h"
#include "core/rng.h"
#include "core/tensor.h"
#include "nn/init.h"
#include "platform/bench.h"

namespace genlab::bench {
namespace {

struct Product {
  std::string name;
  Trans ta, tb;
  int M, N, K;
  float beta;  // 1 where backward adds into a gradient
};

Body gemm_body(const Product& p) {
  struct Operands {
    Tensor a, b, c;
  };
  auto ops = std::make_shared<Operands>();
  Rng rng(/*seed=*/1);
  auto fill = [&](Tensor& t, int rows, int cols) {
    t = Tensor({rows, cols});
    nn::init_uniform(t, /*bound=*/1.f, rng);
  };
  fill(ops->a, p.M, p.K);
  fill(ops->b, p.K, p.N);
  fill(ops->c, p.M, p.N);
  const int lda = p.ta == Trans::Yes ? p.M : p.K;
  const int ldb = p.tb == Trans::Yes ? p.K : p.N;
  return Body{[ops, p, lda, ldb] {
                gemm(p.ta, p.tb, p.M, p.N, p.K, 1.f, ops->a.data(), lda, ops->b.data(), ldb, p.beta, ops->c.data(),
                     p.N);
              },
              /*work_per_run=*/2.0 * p.M * p.N * p.K};
}

std::string dims(int M, int N, int K) {
  return std::to_string(M) + "x" + std::to_string(N) + "x" + std::to_string(K);
}

std::vector<Product> products() {
  std::vector<Product> list;
  for (auto [M, N, K] : {std::tuple{256, 256, 256}, {128, 256, 256}, {512, 512, 512}}) {
    list.push_back({"sgemm_" + dims(M, N, K), Trans::No, Trans::No, M, N, K, 0.f});
  }
  struct Layer {
    const char* workload;
    const char* name;
    int in, out, batch;
  };
  for (const Layer& l :
       {Layer{"w1", "fc1", 784, 256, 64}, Layer{"w1", "fc2", 256, 256, 64}, Layer{"w1", "fc3", 256, 10, 64},
        Layer{"w2", "fc1", 784, 400, 128}, Layer{"w2", "fc21", 400, 20, 128}, Layer{"w2", "fc3", 20, 400, 128},
        Layer{"w2", "fc4", 400, 784, 128}}) {
    const std::string prefix = std::string("sgemm_") + l.workload + "_" + l.name + "_";
    list.push_back({prefix + "fwd_" + dims(l.batch, l.out, l.in), Trans::No, Trans::Yes, l.batch, l.out, l.in, 0.f});
    list.push_back(
        {prefix + "bwd_input_" + dims(l.batch, l.in, l.out), Trans::No, Trans::No, l.batch, l.in, l.out, 1.f});
    list.push_back(
        {prefix + "bwd_weight_" + dims(l.out, l.in, l.batch), Trans::Yes, Trans::No, l.out, l.in, l.batch, 1.f});
  }
  struct Conv {
    const char* name;
    bool transposed;
    int c_in, c_out, P;  // P: positions of the im2col matrix per image (output size; input for ConvT)
  };
  const int batch = 64, kk = 16;  // 4x4 kernels
  for (const Conv& c : {Conv{"disc_conv1", false, 1, 64, 196}, Conv{"disc_conv2", false, 64, 128, 49},
                        Conv{"gen_deconv1", true, 128, 64, 49}, Conv{"gen_deconv2", true, 64, 1, 196}}) {
    const std::string prefix = std::string("sgemm_w3_") + c.name + "_";
    const int N = batch * c.P;
    if (!c.transposed) {
      const int R = c.c_in * kk;
      list.push_back({prefix + "fwd_" + dims(c.c_out, N, R), Trans::No, Trans::No, c.c_out, N, R, 0.f});
      list.push_back({prefix + "bwd_weight_" + dims(c.c_out, R, N), Trans::No, Trans::Yes, c.c_out, R, N, 1.f});
      list.push_back({prefix + "bwd_input_" + dims(R, N, c.c_out), Trans::Yes, Trans::No, R, N, c.c_out, 0.f});
    } else {
      const int R = c.c_out * kk;
      list.push_back({prefix + "fwd_" + dims(R, N, c.c_in), Trans::Yes, Trans::No, R, N, c.c_in, 0.f});
      list.push_back({prefix + "bwd_weight_" + dims(c.c_in, R, N), Trans::No, Trans::Yes, c.c_in, R, N, 1.f});
      list.push_back({prefix + "bwd_input_" + dims(c.c_in, N, R), Trans::No, Trans::No, c.c_in, N, R, 0.f});
    }
  }
  return list;
}

const bool registered = [] {
  for (const Product& p : products()) {
    const std::string trans = std::string(p.ta == Trans::Yes ? "T" : "N") + (p.tb == Trans::Yes ? "T" : "N");
    Registrar{{p.name, Unit::Flops, [p] { return gemm_body(p); },
               nlohmann::json{{"m", p.M}, {"n", p.N}, {"k", p.K}, {"trans", trans}, {"beta", p.beta}}}};
  }
  return true;
}();

}  // namespace
}  // namespace genlab::bench

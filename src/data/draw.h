// A drawing made into an MNIST-style input, the way the MNIST digits were made (LeCun et al.,
// "The MNIST database"): the strokes' bounding box is scaled to fit a 20x20 box, aspect ratio kept,
// with anti-aliasing (area averaging), and the result is placed in a 28x28 field so that its
// centre of mass lands on the field's centre.
#pragma once

#include <vector>

namespace genlab {

struct DrawnDigit {
  std::vector<float> pixels;  // (28, 28) row-major, 0 background to 1 ink
  bool empty = true;          // nothing was drawn (pixels all 0)
};

// `ink` (h, w) row-major, 0 background to 1 ink, at any resolution (a canvas of 280x280, say).
// Values below `threshold` count as background when finding the strokes' bounding box.
DrawnDigit mnist_from_drawing(const std::vector<float>& ink, int h, int w, float threshold = 0.5f);

}  // namespace genlab

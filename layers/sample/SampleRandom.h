#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <utility>
#include <vector>

namespace layers {

// Deterministic random numbers for the sample town. The engine (mt19937_64) is specified exactly
// by the standard, but std:: distributions are not, so the distributions are our own: the same
// seed gives the same town with any standard library.
class SampleRandom
{
public:
  explicit SampleRandom(std::uint64_t seed)
      : mEngine(seed)
  {
  }
  // [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(mEngine() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Integer in [lo, hi].
  int integer(int lo, int hi)
  {
    int v = lo + static_cast<int>(uniform() * (hi - lo + 1));
    return v > hi ? hi : v;
  }
  bool chance(double p) { return uniform() < p; }
  // Standard normal (Box-Muller; one draw per call keeps the sequence simple to reason about).
  double normal()
  {
    const double u1 = 1.0 - uniform(); // (0, 1]
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }
  template <class T> void shuffle(std::vector<T> &v)
  {
    for (std::size_t i = v.size(); i > 1; --i)
      std::swap(v[i - 1], v[static_cast<std::size_t>(integer(0, static_cast<int>(i) - 1))]);
  }

private:
  std::mt19937_64 mEngine;
};

} // namespace layers

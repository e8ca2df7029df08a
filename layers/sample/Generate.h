#pragma once

#include <cstdint>
#include <string>

namespace layers {

// Size of a generated project. Counts left at -1 scale with the rivers the way the sample town is
// composed (263 rivers : 129 sites : 8 forest plots : ~24 villages).
struct GenerateOptions
{
  int rivers = 50000;
  int sites = -1;
  int plots = -1;
  int villages = -1;
  std::uint64_t seed = 20200515;

  // The counts with every -1 resolved; throws std::invalid_argument naming a bad count.
  GenerateOptions resolved() const;
  // rivers / 263: how many sample towns the project is worth. Areas and plan goals scale with it.
  double scale() const;
};

// Writes a synthetic project of any size to `path` (must not exist): the sample town's layers,
// plan (located goals scaled by options.scale()) and kind of progress history, spread over
// scale() × 102 km² around Shanghai's centre (50,000 rivers ≈ Shanghai's extent). Deterministic
// for a seed. Marked synthetic. Nothing is left behind on failure.
void writeGeneratedProject(const std::string &path, const GenerateOptions &options);

} // namespace layers

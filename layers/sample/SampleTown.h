#pragma once

#include <cstdint>
#include <string>

namespace layers {

struct SampleOptions
{
  std::uint64_t seed = 20200515;
};

// Writes the synthetic Pujiang sample project to `path` (must not exist): boundary, Huangpu river,
// villages, roads, 263 rivers adding up to 87.1 km, every located target's sites, users
// planner1/engineer1/leader1, and a progress history 2020-05-15 .. 2020-11-30 leaving the plan about
// half done. Deterministic for a seed. Marked synthetic in the project's metadata.
void writeSampleTown(const std::string &path, const SampleOptions &options = {});

} // namespace layers

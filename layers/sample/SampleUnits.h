#pragma once

#include "layers/plan/Plan.h"

namespace layers {

// The sample's plan with a plausible lead unit (and supporting units) for every target. The seed
// plan asks for a task-breakdown table but does not publish it, so these units are sample data,
// like the sample's geography (the project's notice says so).
Plan withSampleUnits(const Plan &plan);

} // namespace layers

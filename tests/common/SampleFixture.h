#pragma once

#include "tests/common/TestUtil.h"

#include <string>

namespace testutil {

// The bundled sample project, generated once per test program and copied for each caller (tests
// must not modify the shared copy).
std::string sampleProjectCopy(const TempDir &dir, const std::string &name = "sample.planmap");

} // namespace testutil

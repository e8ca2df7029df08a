#pragma once

// The Store contract's fixture, run against every backend (SpatiaLite file, PostGIS database).
#include "data/postgis/PostgisStore.h"
#include "data/spatialite/SpatiaLiteStore.h"
#include "tests/data/postgis/PgTestDatabase.h"
#include "tests/data/store/StoreFixture.h"

#include <functional>

namespace testdata {

// Owns whatever a backend's project lives in (a folder, a database) and the store on it.
struct Backend
{
  virtual ~Backend() = default;
  std::unique_ptr<data::Store> store;
};

struct SpatiaLiteBackend : Backend
{
  SpatiaLiteBackend() { store = data::SpatiaLiteStore::create(dir.file("contract.planmap")); }
  testutil::TempDir dir;
};

struct PostgisBackend : Backend
{
  PostgisBackend() { store = data::PostgisStore::create(db.url()); }
  testutil::PgTestDatabase db;
};

enum class Kind { SpatiaLite, Postgis };

class StoreContract : public ::testing::TestWithParam<Kind>
{
protected:
  void SetUp() override
  {
    if (GetParam() == Kind::Postgis) {
      if (!testutil::PgTestDatabase::available()) GTEST_SKIP() << testutil::PgTestDatabase::kSkipMessage;
      backend = std::make_unique<PostgisBackend>();
    } else {
      backend = std::make_unique<SpatiaLiteBackend>();
    }
    store = backend->store.get();
    addUsersAndLayers(*store);
  }

  std::int64_t addToilet(const std::string &code, gis::Point p)
  {
    data::Feature f;
    f.layerId = "toilets";
    f.code = code;
    f.geometry = gis::Geometry::point(p);
    f.attributes = {{"beds", std::int64_t{12}}};
    return store->addFeature("planner1", f);
  }

  // Runs `fn` expecting a StoreError of `kind` whose message contains `words`; nothing changes.
  void expectRefused(const std::function<void()> &fn, data::StoreError::Kind kind, const std::string &words)
  {
    const std::string before = snapshot(*store);
    try {
      fn();
      ADD_FAILURE() << "accepted what should be refused (" << words << ")";
    } catch (const data::StoreError &e) {
      EXPECT_EQ(e.kind(), kind) << e.what();
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
    EXPECT_EQ(snapshot(*store), before);
  }

  std::unique_ptr<Backend> backend;
  data::Store *store = nullptr;
};

inline std::string backendName(const ::testing::TestParamInfo<Kind> &info)
{
  return info.param == Kind::SpatiaLite ? "SpatiaLite" : "Postgis";
}

} // namespace testdata

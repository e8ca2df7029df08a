// A file that declares UTF-8 (a .cpg) over bytes that are not: GDAL passes them on as they are, and
// the import refuses them with one line naming the file instead of storing them.
#include "data/io/Importer.h"
#include "data/store/Encoding.h"
#include "tests/data/io/ImportFixture.h"

#include <filesystem>

using namespace data;
using namespace importtest;

TEST(ImportUtf8, TextThatIsNotTheDeclaredUtf8IsRefused)
{
  testutil::TempDir dir;
  auto store = makeProject(dir.file("p.planmap"));
  const std::string f = dir.file("toilets.shp");
  const std::string gbkToilet = "\xb9\xab\xb2\xde"; // 公厕 in GBK
  ASSERT_FALSE(isValidUtf8(gbkToilet));
  writeVector(f, "ESRI Shapefile", "toilets", 4326, wkbPoint, {{"NAME", OFTString}},
              {{"POINT (121.5 31.05)", {gbkToilet}}}, {"ENCODING=UTF-8"});
  ASSERT_TRUE(std::filesystem::exists(dir.file("toilets.cpg")));

  ImportOptions o;
  o.file = f;
  o.layer = "toilets";
  o.user = "planner1";
  std::string error;
  try {
    Importer(*store).run(o);
  } catch (const std::exception &e) {
    error = e.what();
  }
  EXPECT_NE(error.find(f + ": text '"), std::string::npos) << error;
  EXPECT_NE(error.find("is not valid UTF-8 although the file declares its encoding"), std::string::npos)
      << error;
  EXPECT_TRUE(isValidUtf8(error)) << error;
  EXPECT_EQ(store->featureCount("toilets"), 0u);

  o.encoding = "GBK"; // the way out the message names
  ASSERT_TRUE(Importer(*store).run(o).written);
  ASSERT_EQ(store->featureCount("toilets"), 1u);
  EXPECT_EQ(store->features("toilets")[0].name, "公厕");
}

// Every file of ../shared/data/corpus/ (third-party valid, odd and broken files) goes through the
// importer in a child process with a time limit: it either imports with the feature count GDAL
// reports, or is refused with a one-line message; never a crash, a hang or a partial write.
#include "data/io/Importer.h"
#include "gis/Ogr.h"
#include "tests/data/io/ImportFixture.h"

#include <cpl_conv.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using namespace data;

namespace {

constexpr int kTimeLimitSeconds = 60;

struct Outcome
{
  enum Kind { Imported, Refused, Crashed, TimedOut } kind = Crashed;
  std::string text; // report, or the refusal message
  std::size_t read = 0;
  std::size_t written = 0;
  std::size_t skipped = 0; // features without geometry, listed in the report
  std::vector<std::string> sourceLayers;
};

// The corpus' main files: SOURCES.tsv rows whose note says what ogrinfo made of them.
std::vector<std::string> corpusFiles(const std::string &corpus)
{
  std::ifstream in(corpus + "/SOURCES.tsv");
  std::vector<std::string> files;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos || line.find("| ogrinfo") == std::string::npos) continue;
    files.push_back(line.substr(0, tab));
  }
  return files;
}

bool fileHasCrs(const std::string &path)
{
  gis::ensureGdalRegistered();
  gis::GdalDataset ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) return false;
  for (int i = 0; i < GDALDatasetGetLayerCount(ds.get()); ++i)
    if (OGR_L_GetSpatialRef(GDALDatasetGetLayer(ds.get(), i))) return true;
  return false;
}

// The features GDAL reads from the layers the importer took (iterated: some drivers' quick
// counts disagree with what they deliver, e.g. a GeoJSON "Featre" counts 0 and reads 1).
std::size_t gdalCount(const std::string &path, const std::vector<std::string> &layers)
{
  // As the importer does: a Shapefile without .shx is read with the index rebuilt.
  CPLSetThreadLocalConfigOption("SHAPE_RESTORE_SHX", "YES");
  gis::GdalDataset ds(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  CPLSetThreadLocalConfigOption("SHAPE_RESTORE_SHX", nullptr);
  if (!ds) return 0;
  std::size_t n = 0;
  for (const auto &l : layers) {
    OGRLayerH h = GDALDatasetGetLayerByName(ds.get(), l.c_str());
    if (!h) continue;
    OGR_L_ResetReading(h);
    while (OGRFeatureH f = OGR_L_GetNextFeature(h)) {
      OGR_F_Destroy(f);
      ++n;
    }
  }
  return n;
}

// Lines of the child's answer: "imported|refused", then read, written, source layers, report or message.
Outcome importInChild(const std::string &project, const ImportOptions &o)
{
  int fds[2];
  if (pipe(fds) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    std::ostringstream out;
    try {
      auto store = openProject(project);
      const ImportReport r = Importer(*store).run(o);
      out << (r.written ? "imported" : "refused") << "\n" << r.read << "\n";
      out << (r.written ? store->featureCount(o.layer) : 0) << "\n" << r.empty.size() << "\n";
      for (const auto &l : r.sourceLayers)
        out << l.substr(0, l.rfind(':')) << "\t";
      out << "\n" << r.text();
    } catch (const std::exception &e) {
      out << "refused\n0\n0\n0\n\n" << e.what();
    }
    const std::string s = out.str();
    std::size_t done = 0;
    while (done < s.size()) {
      const ssize_t n = write(fds[1], s.data() + done, s.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string answer;
  std::thread reader([&] {
    char buf[4096];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0)
      answer.append(buf, static_cast<std::size_t>(n));
  });
  Outcome result;
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kTimeLimitSeconds);
  bool finished = false;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) {
      finished = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!finished) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  reader.join();
  close(fds[0]);
  if (!finished) {
    result.kind = Outcome::TimedOut;
    return result;
  }
  if (!WIFEXITED(status) || answer.empty()) {
    result.kind = Outcome::Crashed;
    result.text = "signal " + std::to_string(WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return result;
  }
  std::istringstream in(answer);
  std::string kind, layers;
  std::getline(in, kind);
  in >> result.read >> result.written >> result.skipped;
  in.ignore();
  std::getline(in, layers);
  std::istringstream ls(layers);
  for (std::string l; std::getline(ls, l, '\t');)
    result.sourceLayers.push_back(l);
  result.text.assign(std::istreambuf_iterator<char>(in), {});
  result.kind = kind == "imported" ? Outcome::Imported : Outcome::Refused;
  return result;
}

} // namespace

TEST(Corpus, EveryFileImportsWithGdalsCountOrIsRefusedClearly)
{
  const std::string shared = testutil::sharedDataDir();
  const std::string corpus = shared + "/corpus";
  if (shared.empty() || !fs::exists(corpus + "/SOURCES.tsv")) GTEST_SKIP() << "../shared/data/corpus absent";
  const auto files = corpusFiles(corpus);
  ASSERT_GT(files.size(), 50u);

  testutil::TempDir dir;
  const std::string blank = dir.file("blank.planmap");
  importtest::makeProject(blank);
  std::map<std::string, Outcome> outcomes;
  int imported = 0, refused = 0;
  for (const auto &rel : files) {
    SCOPED_TRACE(rel);
    // Each file in a folder of its own with its side files, as a user would have it.
    const fs::path src = fs::path(corpus) / rel;
    const fs::path work = fs::path(dir.path()) / ("f" + std::to_string(outcomes.size()));
    fs::create_directories(work);
    for (const auto &e : fs::directory_iterator(src.parent_path()))
      if (e.path().stem() == src.stem()) fs::copy(e.path(), work / e.path().filename());
    const std::string file = (work / src.filename()).string();
    const std::string project = (work / "p.planmap").string();
    fs::copy(blank, project);

    ImportOptions o;
    o.file = file;
    o.layer = "corpus";
    o.newLayer = true;
    o.user = "planner1";
    if (!fileHasCrs(file)) o.crs = "EPSG:4326";
    Outcome r = importInChild(project, o);
    ASSERT_NE(r.kind, Outcome::Crashed) << "importer crashed: " << r.text;
    ASSERT_NE(r.kind, Outcome::TimedOut) << "importer took over " << kTimeLimitSeconds << " s";
    auto after = openProject(project);
    if (r.kind == Outcome::Imported) {
      ++imported;
      EXPECT_EQ(r.read, gdalCount(file, r.sourceLayers)) << r.text;
      // Features without geometry are skipped and listed; multi-part features may split; nothing
      // else may be lost.
      EXPECT_GE(r.written + r.skipped, r.read) << r.text;
      if (r.skipped > 0) {
        EXPECT_NE(r.text.find("without geometry (skipped: cannot be placed on a map): " +
                              std::to_string(r.skipped)),
                  std::string::npos)
            << r.text;
      }
      EXPECT_EQ(after->featureCount("corpus"), r.written);
    } else {
      ++refused;
      EXPECT_FALSE(after->layer("corpus")) << "a refused import left a layer behind";
      EXPECT_FALSE(r.text.empty());
      // Refusals name the file; blocked reports list the features.
      const bool named =
          r.text.find(file) != std::string::npos || r.text.find("feature ") != std::string::npos;
      EXPECT_TRUE(named) << r.text;
    }
    const std::string firstLine = r.text.substr(0, r.text.find('\n'));
    std::cout << rel << ": "
              << (r.kind == Outcome::Imported ? "imported " + std::to_string(r.written) : "refused: ")
              << (r.kind == Outcome::Imported ? ""
                  : r.kind == Outcome::Refused && r.text.rfind("file: ", 0) == 0
                      ? r.text.substr(r.text.find("\n  ") + 3, 200)
                      : firstLine)
              << "\n";
    outcomes[rel] = std::move(r);
  }
  std::cout << "corpus: " << files.size() << " files, " << imported << " imported, " << refused
            << " refused\n";

  // Chinese text in legacy encodings comes out as the right characters. Some of these files have
  // no usable coordinates (a lone DBF, points at x=-248 y=625), so the text is checked as read.
  auto expectText = [&](const std::string &rel, const std::string &text) {
    SCOPED_TRACE(rel);
    const fs::path src = fs::path(corpus) / rel;
    const fs::path work = fs::path(dir.path()) / "text" / src.stem();
    fs::create_directories(work);
    for (const auto &e : fs::directory_iterator(src.parent_path()))
      if (e.path().stem() == src.stem()) fs::copy(e.path(), work / e.path().filename());
    SourceOptions so;
    so.path = so.readPath = (work / src.filename()).string();
    so.crs = "EPSG:4326";
    const SourceData d = readSource(so);
    bool found = false;
    for (const auto &f : d.features)
      for (const auto &v : f.values)
        found |= valueToString(v) == text;
    EXPECT_TRUE(found) << "lacks " << text;
  };
  expectText("shapefile/geotools-chinese_poly/chinese_poly.shp", "黑龙江省");
  expectText("shapefile/mapshaper-ldid-chinese/chinese.shp", "简体");
  expectText("shapefile/mapshaper-cpg-big5/big5.shp", "國語");
  expectText("shapefile/mapshaper-dbf-only/gbk.dbf", "简体国语");
}

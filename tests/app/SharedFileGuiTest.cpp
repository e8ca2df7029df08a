// The desktop program and other processes on one project file, offscreen. SQLite's locks are POSIX
// locks: they belong to the process, and closing any descriptor of the project file or its -wal/-shm
// drops them all. A window that lost them sees other processes reset the WAL under it: its marks go
// into a deleted -wal nobody else reads, and its next read may find "database disk image is
// malformed". These tests use the window's file dialogs and import sources, then let the window mark
// and undo while planmap-cli processes mark and ogr2ogr reads the same file.
//
// PLANMAP_SOAK_SECONDS (default 20) sets how long the shared-writers test runs; scripts/soak.sh
// runs it longer with --gtest_filter=SharedFileGuiTest.WindowCliWritersAndAReaderShareOneFile.
#include "app/gui/ImportController.h"
#include "app/gui/ImportWizard.h"
#include "app/gui/MarkingPanel.h"
#include "app/gui/ProjectGuard.h"
#include "data/store/Store.h"
#include "data/sync/Sync.h"
#include "tests/app/ProjectSafety.h"

#include <QDir>
#include <QFileDialog>
#include <QProcess>
#include <QPushButton>
#include <QUndoStack>

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>

namespace {

QString q(const std::string &s)
{
  return QString::fromStdString(s);
}

// Runs a program again and again (no shell) until stopped; counts the runs by exit code.
class ProcessLoop
{
public:
  using Args = std::function<QStringList(int run)>;
  ProcessLoop(QString program, Args args)
      : mProgram(std::move(program))
      , mArgs(std::move(args))
  {
    mProcess.setStandardOutputFile(QProcess::nullDevice());
    QObject::connect(&mProcess, &QProcess::finished, [this](int code, QProcess::ExitStatus status) {
      mResults[mRun] = status == QProcess::NormalExit ? code : -1;
      if (code != 0 && mErrors.empty()) mErrors = mProcess.readAllStandardError().toStdString();
      if (!mStopping) start();
    });
  }
  void start()
  {
    ++mRun;
    mProcess.start(mProgram, mArgs(mRun));
  }
  void stop()
  {
    mStopping = true;
    if (mProcess.state() != QProcess::NotRunning) mProcess.waitForFinished(60000);
  }
  // run -> exit code (-1: killed by a signal)
  const std::map<int, int> &results() const { return mResults; }
  const std::string &firstError() const { return mErrors; }

private:
  QString mProgram;
  Args mArgs;
  QProcess mProcess;
  int mRun = 0;
  bool mStopping = false;
  std::map<int, int> mResults;
  std::string mErrors;
};

class SharedFileGuiTest : public safety::WindowTest
{
protected:
  void SetUp() override
  {
    WindowTest::SetUp();
    QCoreApplication::setOrganizationName(QStringLiteral("PlanMapSharedFileGuiTest"));
    // The file dialogs start in the project's folder, as when planmap is started there.
    mOldCwd = QDir::currentPath();
    QDir::setCurrent(q(dir.path()));
    open();
    ASSERT_TRUE(field->currentUser());
  }
  void TearDown() override
  {
    WindowTest::TearDown();
    QDir::setCurrent(mOldCwd);
  }
  QPushButton *attachButton() const
  {
    for (auto *b : field->markingPanel()->findChildren<QPushButton *>())
      if (b->text() == QStringLiteral("Attach photos…")) return b;
    return nullptr;
  }

  QString mOldCwd;
};

} // namespace

TEST_F(SharedFileGuiTest, FileDialogsAndImportSourcesKeepTheProcesssLocks)
{
  ASSERT_TRUE(safety::holdsWalLock(project));
  const auto rivers = freshRivers(1);
  ASSERT_EQ(rivers.size(), 1u);
  field->markingPanel()->setFeature(rivers[0].id);
  QPushButton *attach = attachButton();
  ASSERT_TRUE(attach && attach->isEnabled());

  const std::vector<std::pair<std::string, std::function<void()>>> dialogs{
      {"Attach photos…", [&] { attach->click(); }},
      {"File ▸ Open project…", [&] { safety::action(window.get(), "&Open project…")->trigger(); }},
      {"File ▸ Save project as…", [&] { safety::action(window.get(), "Save project &as…")->trigger(); }},
      {"Project ▸ Import GPS track…", [&] { safety::action(window.get(), "Import &GPS track…")->trigger(); }},
  };
  for (const auto &[name, open] : dialogs) {
    // Shown long enough to list the folder (the project, its -wal and -shm among the files).
    EXPECT_EQ(safety::handleModal<QFileDialog>(
                  open, [](QFileDialog *d) { d->reject(); }, 1500),
              1)
        << name;
    EXPECT_TRUE(safety::holdsWalLock(project)) << name << " dropped the process's SQLite locks";
  }

  // A second SQLite connection in this process, closed early, keeps the locks: SQLite shares one
  // record of the file's locks among its connections in a process and closes a descriptor only
  // when no connection holds a lock. The map's scans, the field-copy probe and the photo pins use
  // their own connections.
  window->reloadMap();
  ASSERT_TRUE(window->waitUntilIdle());
  EXPECT_FALSE(data::isFieldCopy(project));
  EXPECT_TRUE(safety::holdsWalLock(project)) << "a second SQLite connection dropped the locks";

  // The open project typed as an import source is not opened with GDAL (nor offered as a source).
  app::ImportWizard *wizard = window->importController()->showImportWizard();
  wizard->setFile(q(project));
  EXPECT_TRUE(safety::holdsWalLock(project)) << "the import wizard opened the project with GDAL";
  EXPECT_FALSE(wizard->currentPage()->isComplete());
  wizard->reject();
  EXPECT_TRUE(safety::holdsWalLock(project));
}

TEST_F(SharedFileGuiTest, WindowCliWritersAndAReaderShareOneFile)
{
  const int seconds = qEnvironmentVariableIsSet("PLANMAP_SOAK_SECONDS")
                          ? std::max(1, qEnvironmentVariableIntValue("PLANMAP_SOAK_SECONDS"))
                          : 20;
  const auto rivers = freshRivers(4);
  ASSERT_EQ(rivers.size(), 4u);
  const data::Feature windowRiver = rivers[0];

  // Three planmap-cli lanes marking stretches on their own rivers, one ogr2ogr reading the rivers.
  std::vector<std::unique_ptr<ProcessLoop>> cli;
  for (int lane = 1; lane <= 3; ++lane) {
    const data::Feature r = rivers[std::size_t(lane)];
    cli.push_back(std::make_unique<ProcessLoop>(q(PLANMAP_CLI), [this, r, lane](int run) {
      const double from = std::fmod(run * 7.0, r.lengthM - 20);
      return QStringList{"mark",      q(project),
                         "--user",    "engineer1",
                         "--feature", QString::number(r.id),
                         "--status",  "completed",
                         "--from",    QString::number(from),
                         "--to",      QString::number(from + 5),
                         "--date",    "2020-07-01",
                         "--note",    QStringLiteral("cli-%1-%2").arg(lane).arg(run)};
    }));
  }
  ProcessLoop reader(QStringLiteral("/usr/bin/ogr2ogr"), [this](int) {
    return QStringList{"-f", "GeoJSON", "/vsistdout/", q(project), "rivers"};
  });
  for (auto &l : cli)
    l->start();
  reader.start();

  // The window marks stretches of its river, undoes every third mark, and uses what used to drop
  // its locks: the photo dialog in the project's folder.
  app::MarkingPanel *panel = field->markingPanel();
  QUndoStack *stack = field->undoStack();
  QAction *undo = safety::action(window.get(), "&Undo");
  ASSERT_NE(undo, nullptr);
  std::set<std::string> windowNotes;
  int undone = 0;
  QElapsedTimer clock;
  clock.start();
  for (int k = 1; clock.elapsed() < seconds * 1000; ++k) {
    panel->setFeature(windowRiver.id);
    panel->setDate(QDate(2020, 7, 1));
    const double from = std::fmod(k * 11.0, windowRiver.lengthM - 20);
    panel->setStretchStart(from);
    panel->setStretchEnd(from + 6);
    const std::string note = "win-" + std::to_string(k);
    panel->setNote(q(note));
    const int before = stack->index();
    panel->markStretch();
    ASSERT_EQ(stack->index(), before + 1) << "mark " << k << ": " << field->lastError().toStdString();
    windowNotes.insert(note);
    if (k % 3 == 0) {
      undo->trigger();
      ++undone;
    }
    if (k % 4 == 0)
      safety::handleModal<QFileDialog>([&] { attachButton()->click(); }, [](QFileDialog *d) { d->reject(); },
                                       300);
    safety::waitUntil([] { return false; }, 50); // the window idles a moment, as a user would
    ASSERT_EQ(window->guard()->errorBox(), nullptr) << "an unexpected error was shown";
  }
  for (auto &l : cli)
    l->stop();
  reader.stop();
  ASSERT_TRUE(window->waitUntilIdle());

  // Nothing crashed; the window still holds its locks and no descriptor points at a reset WAL.
  EXPECT_TRUE(safety::holdsWalLock(project));
  EXPECT_EQ(safety::deletedSidecars(), "");
  for (auto &l : cli)
    for (const auto &[run, code] : l->results())
      EXPECT_EQ(code, 0) << "planmap-cli mark run " << run << ": " << l->firstError();
  for (const auto &[run, code] : reader.results())
    EXPECT_EQ(code, 0) << "ogr2ogr run " << run << ": " << reader.firstError();

  // Every window mark (and undo) is seen by another process.
  const auto history =
      testutil::runCli({"history", project, "--feature", std::to_string(windowRiver.id), "--json"});
  ASSERT_EQ(history.exitCode, 0) << history.err;
  for (const std::string &note : windowNotes)
    EXPECT_NE(history.out.find("\"" + note + "\""), std::string::npos)
        << note << " is not seen by planmap-cli";
  std::size_t retractions = 0;
  for (auto at = history.out.find("\"retraction\""); at != std::string::npos;
       at = history.out.find("\"retraction\"", at + 1))
    ++retractions;
  EXPECT_EQ(retractions, std::size_t(undone));

  // Every CLI mark is seen by the window after a reload.
  window->reloadMap();
  ASSERT_TRUE(window->waitUntilIdle());
  int cliMarks = 0;
  for (std::size_t lane = 0; lane < cli.size(); ++lane) {
    std::set<std::string> seen;
    for (const data::Event &e : store().events(rivers[lane + 1].id))
      seen.insert(e.note);
    for (const auto &[run, code] : cli[lane]->results()) {
      const std::string note = "cli-" + std::to_string(lane + 1) + "-" + std::to_string(run);
      EXPECT_TRUE(code != 0 || seen.count(note)) << note << " is not seen by the window";
      ++cliMarks;
    }
  }
  EXPECT_GT(cliMarks, 3);
  EXPECT_GT(windowNotes.size(), 3u);

  const auto check = testutil::run("/usr/bin/sqlite3", {project, "PRAGMA integrity_check"});
  EXPECT_EQ(check.out, "ok\n") << check.err;
  std::printf("[ shared file ] %d s: %zu window marks (%d undone), %d CLI marks, %zu ogr2ogr reads\n",
              seconds, windowNotes.size(), undone, cliMarks, reader.results().size());
}

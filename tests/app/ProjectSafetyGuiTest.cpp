// What the desktop program does so that nothing a user does loses or corrupts a project, offscreen
// on copies of the sample town: an error reaching the event loop is shown and the project read
// again (the program goes on); a plain copy of the file soon has the window's marks; File ▸ Save a
// copy… writes a snapshot; no dialog writes over the project or another database; a project the
// program cannot write opens read-only, saying so.
#include "app/gui/ExportLayerDialog.h"
#include "app/gui/ImportController.h"
#include "app/gui/MapCanvas.h"
#include "app/gui/MarkingPanel.h"
#include "app/gui/ProjectGuard.h"
#include "app/gui/SearchDock.h"
#include "data/store/Store.h"
#include "tests/app/ProjectSafety.h"

#include <QComboBox>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QUndoStack>

#include <gtest/gtest.h>

#include <memory>

namespace {

QString q(const std::string &s)
{
  return QString::fromStdString(s);
}

class ProjectSafetyGuiTest : public safety::WindowTest
{
protected:
  void SetUp() override
  {
    WindowTest::SetUp();
    QCoreApplication::setOrganizationName(QStringLiteral("PlanMapProjectSafetyGuiTest"));
  }
  data::Feature freshRiver() const
  {
    const auto rivers = freshRivers(1);
    return rivers.empty() ? data::Feature() : rivers.front();
  }
  // Marks 10-20 m of `river` from the marking panel, with `note`.
  void markInWindow(const data::Feature &river, const std::string &note)
  {
    app::MarkingPanel *panel = field->markingPanel();
    panel->setFeature(river.id);
    panel->setDate(QDate(2020, 7, 1));
    panel->setStretchStart(10);
    panel->setStretchEnd(20);
    panel->setNote(q(note));
    const int before = field->undoStack()->index();
    panel->markStretch();
    ASSERT_EQ(field->undoStack()->index(), before + 1) << field->lastError().toStdString();
  }
  bool cliSeesNote(const std::string &path, std::int64_t feature, const std::string &note) const
  {
    const auto h = testutil::runCli({"history", path, "--feature", std::to_string(feature), "--json"});
    return h.exitCode == 0 && h.out.find("\"" + note + "\"") != std::string::npos;
  }
};

} // namespace

TEST_F(ProjectSafetyGuiTest, AnErrorReachingTheEventLoopIsShownAndTheProjectIsReadAgain)
{
  open();
  const data::Feature river = freshRiver();
  ASSERT_GT(river.id, 0);
  markInWindow(river, "before-the-error");

  // Another process forges a feature's attributes into something the store cannot read; the user
  // then picks that feature (a search result: the selection reads it from the store).
  data::Feature forged;
  for (const auto &f : store().features("toilets"))
    if (store().events(f.id).empty()) forged = f;
  ASSERT_GT(forged.id, 0);
  const auto tamper =
      testutil::run("/usr/bin/sqlite3",
                    {project, "UPDATE feature SET attrs = '[1]' WHERE id = " + std::to_string(forged.id)});
  ASSERT_EQ(tamper.exitCode, 0) << tamper.err;
  app::SearchDock *search = window->searchDock();
  QTimer::singleShot(0, search, [search, id = forged.id] { emit search->featureActivated(id); });

  ASSERT_TRUE(safety::waitUntil([&] { return window->guard()->errorBox() != nullptr; }, 20000))
      << "no message for the error";
  QMessageBox *box = window->guard()->errorBox();
  EXPECT_TRUE(box->isVisible());
  EXPECT_FALSE(box->isModal());
  EXPECT_NE(box->text().indexOf(QStringLiteral("attributes must be a JSON object")), -1)
      << box->text().toStdString();
  // The program goes on, and reads the project again once.
  ASSERT_TRUE(safety::waitUntil([&] { return window->guard()->rereadCount() >= 1 && !window->isBusy(); }));
  int boxes = 0;
  for (QWidget *w : QApplication::topLevelWidgets())
    if (w->objectName() == QLatin1String("unexpectedError") && w->isVisible()) ++boxes;
  EXPECT_EQ(boxes, 1) << "one message, however many handlers met the error";
  ASSERT_NE(window->store(), nullptr);
  EXPECT_TRUE(cliSeesNote(project, river.id, "before-the-error"));
  bool seen = false;
  for (const data::Event &e : store().events(river.id))
    seen = seen || e.note == "before-the-error";
  EXPECT_TRUE(seen) << "the window's mark is lost";
  box->close();
}

TEST_F(ProjectSafetyGuiTest, APlainCopySoonHasTheWindowsMarks)
{
  open();
  const data::Feature river = freshRiver();
  ASSERT_GT(river.id, 0);
  markInWindow(river, "in-the-copy");
  // A copy of the file alone, as a user copies it (cp, a file manager, a USB stick): the WAL is
  // checkpointed a second or two after the last write.
  const std::string copy = dir.file("copy.planmap");
  const bool copied = safety::waitUntil(
      [&] {
        std::filesystem::remove(copy);
        for (const char *side : {"-wal", "-shm"})
          std::filesystem::remove(copy + side);
        return testutil::run("/bin/cp", {project, copy}).exitCode == 0 &&
               cliSeesNote(copy, river.id, "in-the-copy");
      },
      30000);
  EXPECT_TRUE(copied) << "a copy of the file misses the window's mark";
}

TEST_F(ProjectSafetyGuiTest, SaveACopyWritesASnapshotAndRefusesTheProject)
{
  open();
  const data::Feature river = freshRiver();
  ASSERT_GT(river.id, 0);
  markInWindow(river, "in-the-snapshot");
  QAction *saveCopy = safety::action(window.get(), "Save a &copy…");
  ASSERT_NE(saveCopy, nullptr);
  const std::string copy = dir.file("snapshot.planmap");
  ASSERT_EQ(safety::handleModal<QFileDialog>([&] { saveCopy->trigger(); },
                                             [&](QFileDialog *d) { safety::chooseFile(d, copy); }),
            1);
  ASSERT_TRUE(std::filesystem::exists(copy));
  EXPECT_FALSE(std::filesystem::exists(copy + "-wal")) << "the snapshot is one file";
  EXPECT_TRUE(cliSeesNote(copy, river.id, "in-the-snapshot"));

  // Onto the project itself: the file dialog asks to replace it, then PlanMap refuses.
  QStringList messages;
  const auto before = std::filesystem::file_size(project);
  safety::handleModal<QWidget>([&] { saveCopy->trigger(); },
                               [&](QWidget *w) {
                                 if (auto *d = qobject_cast<QFileDialog *>(w))
                                   safety::chooseFile(d, project);
                                 else if (auto *m = qobject_cast<QMessageBox *>(w)) {
                                   messages << m->text();
                                   m->button(QMessageBox::Yes) ? m->button(QMessageBox::Yes)->click()
                                                               : m->accept();
                                 }
                               });
  ASSERT_FALSE(messages.isEmpty());
  EXPECT_NE(messages.join(" ").indexOf(QStringLiteral("project")), -1) << messages.join(" | ").toStdString();
  EXPECT_EQ(std::filesystem::file_size(project), before);
  EXPECT_TRUE(safety::holdsWalLock(project));
  EXPECT_TRUE(cliSeesNote(project, river.id, "in-the-snapshot"));
}

TEST_F(ProjectSafetyGuiTest, ExportsNeverReplaceTheProjectOrADatabase)
{
  open();
  const auto before = testutil::runCli({"status", project, "--json"});
  ASSERT_EQ(before.exitCode, 0) << before.err;
  // Export map (any caller) onto the project.
  EXPECT_THROW(window->exportMap(window->canvas()->settings(), q(project)), std::exception);

  // Export layer onto the project, onto another project, onto a plain file (asked first).
  const std::string other = testutil::sampleProjectCopy(dir, "other.gpkg");
  const std::string plain = dir.file("plain.gpkg");
  std::ofstream(plain) << "not a database";
  app::ExportLayerDialog *dialog = window->importController()->showExportDialog();
  dialog->layerCombo()->setCurrentIndex(dialog->layerCombo()->findData(QStringLiteral("rivers")));
  dialog->formatCombo()->setCurrentIndex(dialog->formatCombo()->findData(QStringLiteral("GPKG")));
  for (const std::string &out : {project, other}) {
    dialog->outputEdit()->setText(q(out));
    EXPECT_FALSE(dialog->startExport()) << out;
    EXPECT_FALSE(dialog->resultLabel()->text().isEmpty());
  }
  EXPECT_TRUE(testutil::runCli({"status", other}).exitCode == 0) << "the other project was replaced";
  dialog->outputEdit()->setText(q(plain));
  QStringList asked;
  auto answer = [&](QMessageBox::StandardButton b) {
    return [&asked, b](QMessageBox *m) {
      asked << m->text();
      m->button(b)->click();
    };
  };
  EXPECT_EQ(
      safety::handleModal<QMessageBox>([&] { EXPECT_FALSE(dialog->startExport()); }, answer(QMessageBox::No)),
      1);
  EXPECT_EQ(testutil::readFile(plain), "not a database");
  EXPECT_EQ(
      safety::handleModal<QMessageBox>([&] { EXPECT_TRUE(dialog->startExport()); }, answer(QMessageBox::Yes)),
      1);
  ASSERT_TRUE(dialog->waitForExport());
  EXPECT_EQ(dialog->outcome(), app::ExportLayerDialog::Outcome::Exported)
      << dialog->resultLabel()->text().toStdString();
  dialog->reject();

  const auto after = testutil::runCli({"status", project, "--json"});
  EXPECT_EQ(after.out, before.out) << "the project changed";
  EXPECT_TRUE(safety::holdsWalLock(project));
}

TEST_F(ProjectSafetyGuiTest, AReadOnlyProjectOpensReadOnlySayingSo)
{
  // Write-protected even for root (the tests may run as root, whom file modes do not stop).
  if (testutil::run("/usr/bin/chattr", {"+i", project}).exitCode != 0)
    GTEST_SKIP() << "chattr +i is not allowed here";
  struct Unprotect
  {
    std::string path;
    ~Unprotect() { testutil::run("/usr/bin/chattr", {"-i", path}); }
  } unprotect{project};
  const auto size = std::filesystem::file_size(project);

  open();
  EXPECT_TRUE(window->isReadOnly());
  EXPECT_NE(window->windowTitle().indexOf(QStringLiteral("read only")), -1)
      << window->windowTitle().toStdString();
  auto *label = window->findChild<QLabel *>(QStringLiteral("readOnlyLabel"));
  ASSERT_NE(label, nullptr);
  EXPECT_TRUE(label->isVisible());
  EXPECT_FALSE(field->currentUser()) << "PLANMAP_USER does not make a read-only project writable";
  for (const char *text : {"Mark stretch", "Add feature", "Edit vertices", "Switch &user…",
                           "Import &GPS track…", "Add &measurement…"}) {
    QAction *a = safety::action(window.get(), text);
    ASSERT_NE(a, nullptr) << text;
    EXPECT_FALSE(a->isEnabled()) << text;
  }
  EXPECT_FALSE(window->importController()->importAction()->isEnabled());
  const data::Feature river = freshRiver();
  field->markingPanel()->setFeature(river.id);
  EXPECT_FALSE(field->markingPanel()->mayMark());
  // Reading works: the map, the figures.
  EXPECT_NE(window->mapData(), nullptr);
  window->guard()->checkpointNow();
  window.reset();
  EXPECT_EQ(std::filesystem::file_size(project), size);
}

// MainWindow's File menu: new, open, save as, save a copy, export map, recent projects.
#include "app/gui/ExportMapDialog.h"
#include "app/gui/FileDialogs.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MapCanvas.h"
#include "data/postgis/PgConnection.h"
#include "data/store/Backup.h"
#include "data/store/Store.h"
#include "layers/plan/Plan.h"
#include "layers/render/MapExporter.h"

#include <QApplication>
#include <QDate>
#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace app {

namespace {
constexpr int kMaxRecent = 8;
const char *kRecentKey = "recentProjects";
} // namespace

void MainWindow::newProject()
{
  const QString path =
      files::saveFile(this, tr("New project"), QString(), tr("PlanMap projects (*.planmap)"));
  if (path.isEmpty()) return;
  if (QFileInfo::exists(path)) {
    QMessageBox::warning(this, tr("New project"), tr("%1 exists already; choose a new name").arg(path));
    return;
  }
  try {
    // A new project carries the bundled plan's layers and one planner, so it can be filled at once.
    const layers::Plan plan = layers::Plan::fromFile(layers::bundledPlanPath("pujiang-2020"));
    std::unique_ptr<data::Store> store = data::createProject(path.toStdString());
    const std::string planner = qEnvironmentVariable("USER", QStringLiteral("planner")).toStdString();
    store->addUser("", {planner, data::Role::Planner, planner});
    store->setPlan(planner, plan.record(), plan.targetRecords());
    for (const data::LayerDef &layer : plan.layers)
      store->addLayer(planner, layer);
  } catch (const std::exception &e) {
    QMessageBox::warning(this, tr("New project"), QString::fromUtf8(e.what()));
    QFile::remove(path);
    return;
  }
  openProject(path);
}

void MainWindow::openDialog()
{
  const QString path = files::openFile(this, tr("Open project"), QFileInfo(projectPath()).absolutePath(),
                                       tr("PlanMap projects (*.planmap);;All files (*)"), true);
  if (!path.isEmpty()) openProject(path);
}

void MainWindow::saveAs()
{
  if (!store()) return;
  const QString path =
      files::saveFile(this, tr("Save project as"), projectPath(), tr("PlanMap projects (*.planmap)"));
  if (path.isEmpty() || !writeCopy(path, tr("Save project as"))) return;
  openProject(path);
}

void MainWindow::saveCopy()
{
  if (!store()) return;
  const QFileInfo project(projectPath());
  const QString path = files::saveFile(this, tr("Save a copy"),
                                       project.absolutePath() +
                                           QStringLiteral("/%1-copy.planmap").arg(project.completeBaseName()),
                                       tr("PlanMap projects (*.planmap)"));
  if (path.isEmpty() || !writeCopy(path, tr("Save a copy"))) return;
  statusBar()->showMessage(tr("A copy of the project was written to %1").arg(path), 10000);
}

bool MainWindow::writeCopy(const QString &path, const QString &title)
{
  // SQLite's online backup through the store's own connection: a consistent snapshot with every
  // change, while other programs go on writing; the project stays open. The file dialog asked
  // before replacing a file, an older copy included; never the project itself.
  try {
    QApplication::setOverrideCursor(Qt::BusyCursor);
    data::backupProject(*store(), path.toStdString(), data::Replace::FileOrDatabase);
    QApplication::restoreOverrideCursor();
    return true;
  } catch (const std::exception &e) {
    QApplication::restoreOverrideCursor();
    QMessageBox::warning(this, title, QString::fromUtf8(e.what()));
    return false;
  }
}

void MainWindow::exportMap(const layers::MapSettings &settings, const QString &path)
{
  if (!mapData()) throw std::runtime_error("no project is open");
  // Never the project itself nor any database, whoever calls (the dialog asked about other files).
  if (const QString problem = files::checkOutput(nullptr, path, true); !problem.isEmpty())
    throw std::runtime_error(problem.toStdString());
  layers::MapExporter::exportMap(mapData(), settings, path.toStdString());
}

void MainWindow::exportDialog()
{
  if (!mapData()) return;
  const QString date = asOf().isEmpty() ? QDate::currentDate().toString(Qt::ISODate) : asOf();
  ExportMapDialog dialog(mCanvas->settings(), QString::fromStdString(mapData()->title), date, this);
  dialog.setPath(QFileInfo(projectPath()).absolutePath() + QStringLiteral("/map.pdf"));
  if (dialog.exec() != QDialog::Accepted) return;
  if (!files::checkOutput(this, dialog.path(), dialog.pathConfirmed()).isEmpty()) return;
  try {
    exportMap(dialog.settings(), dialog.path());
    statusBar()->showMessage(tr("Map written to %1").arg(dialog.path()), 8000);
  } catch (const std::exception &e) {
    QMessageBox::warning(this, tr("Export map"), QString::fromUtf8(e.what()));
  }
}

void MainWindow::addRecent(const QString &path)
{
  QSettings settings;
  QStringList recent = settings.value(kRecentKey).toStringList();
  // A server's password is not written to the settings file: opening it again asks for it.
  const QString abs = data::isConnectionString(path.toStdString())
                          ? QString::fromStdString(data::connectionWithoutPassword(path.toStdString()))
                          : QFileInfo(path).absoluteFilePath();
  if (abs.isEmpty()) return;
  recent.removeAll(abs);
  recent.prepend(abs);
  while (recent.size() > kMaxRecent)
    recent.removeLast();
  settings.setValue(kRecentKey, recent);
  updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
  mRecentMenu->clear();
  for (const QString &path : QSettings().value(kRecentKey).toStringList())
    mRecentMenu
        ->addAction(data::isConnectionString(path.toStdString()) ? path : QFileInfo(path).fileName(), this,
                    [this, path] { openProject(path); })
        ->setToolTip(path);
  mRecentMenu->setEnabled(!mRecentMenu->isEmpty());
}

} // namespace app

// The leadership view's File ▸ Report / Export table and Project ▸ Add measurement.
#include "app/gui/LeadershipController.h"

#include "app/core/Project.h"
#include "app/gui/BusyCursor.h"
#include "app/gui/Dashboard.h"
#include "app/gui/FieldController.h"
#include "app/gui/FileDialogs.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MeasurementDialog.h"
#include "data/store/Store.h"
#include "layers/report/Report.h"
#include "layers/report/TableExport.h"

#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QStatusBar>

#include <stdexcept>

namespace app {

// ---- reports

layers::ReportData LeadershipController::writeReport(const QString &pdfPath)
{
  if (!mProject->store() || !mHasPlan) throw std::runtime_error("no project with a plan is open");
  layers::ReportOptions options;
  options.asOf = isoAsOf().toStdString();
  options.chinese = chinese();
  return layers::writeReport(*mProject->store(), mPlan, pdfPath.toStdString(), options);
}

void LeadershipController::exportTable(const QString &table, const QString &path)
{
  if (!mProject->store() || !mHasPlan) throw std::runtime_error("no project with a plan is open");
  if (table != QLatin1String("targets") && table != QLatin1String("villages"))
    throw std::runtime_error("unknown table '" + table.toStdString() + "' (targets or villages)");
  const QString ext = QFileInfo(path).suffix().toLower();
  if (ext != QLatin1String("csv") && ext != QLatin1String("xlsx"))
    throw std::runtime_error(path.toStdString() + ": the file name must end in .csv or .xlsx");
  const bool zh = chinese();
  const layers::ReportData data =
      layers::collectReportData(*mProject->store(), mPlan, isoAsOf().toStdString());
  const layers::ReportTable t = table == QLatin1String("targets") ? layers::targetTable(mPlan, data, zh)
                                                                  : layers::villageTable(mPlan, data, zh);
  layers::TableNotes notes;
  notes.title = zh ? mPlan.titleZh : mPlan.titleEn;
  notes.lines.push_back(mPlan.docNumber);
  notes.lines.push_back((zh ? "截至 " : "as of ") + data.asOf);
  if (data.synthetic) notes.lines.push_back("合成示例数据 / synthetic sample data");
  layers::exportTable(t, path.toStdString(), table.toStdString(), notes);
}

void LeadershipController::reportDialog()
{
  if (!mHasPlan) return;
  const QString date = mAsOf.toString(Qt::ISODate);
  const QString dir = isServerProject() ? QString() : QFileInfo(mProject->path()).absolutePath();
  const QString path = files::saveFile(mWindow, tr("Report"),
                                       dir + QStringLiteral("/report-%1.pdf").arg(date), tr("PDF (*.pdf)"));
  if (path.isEmpty() || !files::checkOutput(mWindow, path, true).isEmpty()) return;
  try {
    BusyCursor busy;
    mWindow->statusBar()->showMessage(tr("Writing the report…"));
    QApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
    writeReport(path);
  } catch (const std::exception &e) {
    mWindow->statusBar()->clearMessage();
    QMessageBox::warning(mWindow, tr("Report"), QString::fromUtf8(e.what()));
    return;
  }
  mWindow->statusBar()->showMessage(tr("Report written to %1").arg(path), 10000);
  QMessageBox::information(mWindow, tr("Report"),
                           tr("The report as of %1 was written to\n%2").arg(date, path));
}

void LeadershipController::exportTableDialog()
{
  if (!mHasPlan) return;
  const QStringList tables{tr("Targets"), tr("Villages")};
  bool ok = false;
  const QString choice =
      QInputDialog::getItem(mWindow, tr("Export table"), tr("Table"), tables, 0, false, &ok);
  if (!ok) return;
  const QString table = choice == tables[1] ? QStringLiteral("villages") : QStringLiteral("targets");
  const QString dir = isServerProject() ? QString() : QFileInfo(mProject->path()).absolutePath();
  QString filter;
  const QString chosen =
      files::saveFile(mWindow, tr("Export table"),
                      dir + QStringLiteral("/%1-%2.xlsx").arg(table, mAsOf.toString(Qt::ISODate)),
                      tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"), &filter);
  if (chosen.isEmpty()) return;
  QString path = chosen;
  if (QFileInfo(path).suffix().isEmpty())
    path += filter.contains(QLatin1String("csv")) ? QStringLiteral(".csv") : QStringLiteral(".xlsx");
  // A suffix added here names a file the dialog did not ask about.
  if (!files::checkOutput(mWindow, path, QFileInfo(path).fileName() == QFileInfo(chosen).fileName())
           .isEmpty())
    return;
  try {
    BusyCursor busy;
    exportTable(table, path);
  } catch (const std::exception &e) {
    QMessageBox::warning(mWindow, tr("Export table"), QString::fromUtf8(e.what()));
    return;
  }
  mWindow->statusBar()->showMessage(tr("Table written to %1").arg(path), 10000);
}

void LeadershipController::measurementDialog()
{
  data::Store *store = mProject->mutableStore();
  const FieldController *field = mWindow->fieldController();
  if (!store || !mHasPlan || !field) return;
  const auto user = field->currentUser();
  if (!user || user->role != data::Role::Planner) {
    QMessageBox::information(mWindow, tr("Add measurement"),
                             tr("Only a planner enters measurements; choose a planner as the current user."));
    return;
  }
  auto *dialog = new MeasurementDialog(*store, mPlan, QString::fromStdString(user->name), chinese(), mWindow);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  const QString selected = mDashboard->selectedTarget();
  if (const layers::Target *t = mPlan.target(selected.toStdString()); t && !t->isLocated())
    dialog->setTarget(selected);
  dialog->setDate(mAsOf);
  connect(dialog, &MeasurementDialog::measurementAdded, this, [this] { refreshFigures(); });
  dialog->open();
}

} // namespace app

#include "app/gui/ImportWizard.h"

#include "app/gui/CrsChoices.h"
#include "app/gui/ImportPreviewOverlay.h"
#include "app/gui/ImportWizardPage.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MapCanvas.h"
#include "data/io/Importer.h"
#include "data/store/Store.h"
#include "layers/render/MapData.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

#include <algorithm>
#include <climits>

// The wizard's work on the project: the dry run, its preview on the map, the import.

namespace app {

using wizard::pageOf;

// ---- the dry run

void ImportWizard::stopDryRun()
{
  if (!mDryRunRunning) return;
  mCancelDry = true;
  mTasks.cancel(mDryRunLane);      // its result, still to come, is dropped
  mTasks.waitForDone(mDryRunLane); // a cancelled importer stops at its next feature batch
  mDryRunRunning = false;
  mCancelDryRun->setEnabled(false);
}

void ImportWizard::validate()
{
  stopDryRun();
  hidePreview();
  mDryRun.reset();
  mDryRunCancelled = false;
  mValidationMessage.clear();
  data::Store *store = mProject->mutableStore();
  data::ImportOptions o;
  try {
    if (!store) throw std::runtime_error(tr("No project is open.").toStdString());
    o = options(true);
    if (o.user.empty())
      throw std::runtime_error(tr("Choose a user first (a planner may import).").toStdString());
  } catch (const std::exception &e) {
    mValidationMessage = tr("Refused: %1").arg(QString::fromUtf8(e.what()));
    mReport->setPlainText(mValidationMessage);
    pageOf(this, ValidationPage)->changed();
    return;
  }
  mCancelDry = false;
  o.cancel = &mCancelDry;
  const auto data = mProject->mapData();
  const int epsg = data ? data->epsg() : 0;
  mDryRunRunning = true;
  mCancelDryRun->setEnabled(true);
  mDryRunStage->setText(tr("Reading the file…"));
  mDryRunProgress->setRange(0, 0);
  mReport->setPlainText(tr("Checking %1 … nothing is written.").arg(mFile->text()));
  pageOf(this, ValidationPage)->changed();
  mTasks.run(
      mDryRunLane,
      [store, o, epsg](const core::TaskContext &context) mutable {
        o.progress = [&context](const std::string &stage, std::size_t done, std::size_t total) {
          context.progress(stage, done, total);
        };
        DryRun r;
        r.report = data::Importer(*store).run(o);
        r.report.classify();
        r.preview = ImportPreviewOverlay::build(r.report.preview, epsg);
        r.report.preview.clear();
        r.report.preview.shrink_to_fit();
        return std::make_shared<DryRun>(std::move(r));
      },
      [this](core::TaskResult<std::shared_ptr<DryRun>> r) {
        if (!mDryRunRunning) return; // stopped meanwhile
        bool cancelled = false;
        if (r.error) try {
            std::rethrow_exception(r.error);
          } catch (const data::ImportCancelled &) {
            cancelled = true;
          } catch (...) {
          }
        if (r.cancelled) return;
        std::optional<data::ImportReport> report;
        if (r.ok()) {
          mPreview = std::move((*r.value)->preview);
          report = std::move((*r.value)->report);
        }
        finishDryRun(std::move(report), cancelled ? QString() : QString::fromStdString(r.message()),
                     cancelled);
      });
}

void ImportWizard::showDryRunProgress(const QString &stage, qulonglong done, qulonglong total)
{
  if (!mDryRunRunning) return;
  mDryRunStage->setText(stage == QLatin1String("reading") ? tr("Reading the file…")
                                                          : tr("Checking the features…"));
  mDryRunProgress->setMaximum(total == 0 ? 0 : int(std::min<qulonglong>(total, INT_MAX)));
  mDryRunProgress->setValue(int(std::min<qulonglong>(done, INT_MAX)));
}

void ImportWizard::finishDryRun(std::optional<data::ImportReport> report, const QString &message,
                                bool cancelled)
{
  mDryRunRunning = false;
  mDryRunCancelled = cancelled;
  mCancelDryRun->setEnabled(false);
  mDryRunProgress->setRange(0, 1);
  mDryRunProgress->setValue(report ? 1 : 0);
  mDryRun = std::move(report);
  if (cancelled) {
    mDryRunStage->setText(tr("Cancelled"));
    mValidationMessage = tr("Check cancelled; nothing was written. Go back and forth to check again.");
    mPreview.reset();
  } else if (mDryRun) {
    mDryRunStage->setText(tr("Done"));
    mValidationMessage = reportText(*mDryRun);
    if (mDryRun->blocked())
      mValidationMessage += tr("\nThe file cannot be imported as it is: correct the errors listed above.");
    if (mPreview && mPreview->shapes.size() < mPreview->total)
      mValidationMessage += QLatin1Char('\n') + tr("The map preview shows the first %1 of %2 features.")
                                                    .arg(mPreview->shapes.size())
                                                    .arg(mPreview->total);
    showPreview();
  } else {
    mDryRunStage->setText(tr("Refused"));
    mValidationMessage = tr("Refused: %1").arg(message);
    mPreview.reset();
  }
  mReport->setPlainText(mValidationMessage);
  pageOf(this, ValidationPage)->changed();
}

bool ImportWizard::waitForDryRun(int timeoutMs)
{
  return processEventsUntil([this] { return !mDryRunRunning; }, timeoutMs);
}

// ---- map preview

void ImportWizard::showPreview()
{
  if (!mPreview) return;
  MapCanvas *canvas = mWindow->canvas();
  if (!canvas) return;
  const auto &overlays = canvas->overlays();
  if (std::find(overlays.begin(), overlays.end(), mPreview.get()) == overlays.end())
    canvas->addOverlay(mPreview.get());
  mPreviewCanvas = canvas;
  gis::Envelope e = mPreview->extent;
  if (!e.isNull()) {
    const double pad = std::max({e.width(), e.height()}) * 0.1 + 150; // metres; one point gets a street
    e.minX -= pad;
    e.minY -= pad;
    e.maxX += pad;
    e.maxY += pad;
    // Where the wizard covers the canvas's left part, widen the view to the left so the features
    // are drawn in the part that shows.
    if (isVisible()) {
      const QRect mine(canvas->mapFromGlobal(frameGeometry().topLeft()), frameGeometry().size());
      const double covered = std::clamp(double(mine.right()), 0.0, double(canvas->width()));
      if (mine.intersects(canvas->rect()) && covered > 0 && covered < 0.7 * canvas->width())
        e.minX -= e.width() * covered / (canvas->width() - covered);
    }
    canvas->setExtent(e);
  }
  canvas->update();
}

void ImportWizard::hidePreview()
{
  if (!mPreview) return;
  if (auto *canvas = static_cast<MapCanvas *>(mPreviewCanvas.data())) {
    canvas->removeOverlay(mPreview.get());
    canvas->update();
  }
  mPreviewCanvas.clear();
  mPreview.reset();
}

std::size_t ImportWizard::previewCount() const
{
  auto *canvas = static_cast<MapCanvas *>(mPreviewCanvas.data());
  if (!mPreview || !canvas) return 0;
  const auto &overlays = canvas->overlays();
  return std::find(overlays.begin(), overlays.end(), mPreview.get()) == overlays.end()
             ? 0
             : mPreview->shapes.size();
}

void ImportWizard::startImport()
{
  data::Store *store = mProject->mutableStore();
  data::ImportOptions o = options(false);
  o.cancel = &mCancel;
  mOutcome = Outcome::Running;
  mCancelImport->setEnabled(true);
  mProgress->setRange(0, 0);
  pageOf(this, ImportPage)->changed();
  mTasks.run(
      mImportLane,
      [store, o](const core::TaskContext &context) mutable {
        if (!store) throw std::runtime_error("no project is open");
        o.progress = [&context](const std::string &stage, std::size_t done, std::size_t total) {
          context.progress(stage, done, total);
        };
        return data::Importer(*store).run(o);
      },
      [this](core::TaskResult<data::ImportReport> r) {
        if (r.ok() && r.value->written) return finishImport({}, Outcome::Imported, r.value->toWrite);
        if (r.ok()) return finishImport(QString::fromStdString(r.value->text()), Outcome::Failed, 0);
        try {
          std::rethrow_exception(r.error);
        } catch (const data::ImportCancelled &) {
          return finishImport({}, Outcome::Cancelled, 0);
        } catch (...) {
        }
        finishImport(QString::fromStdString(r.message()), Outcome::Failed, 0);
      });
}

void ImportWizard::showImportProgress(const QString &stage, qulonglong done, qulonglong total)
{
  mStage->setText(stage == QLatin1String("reading")      ? tr("Reading the file…")
                  : stage == QLatin1String("validating") ? tr("Checking the features…")
                                                         : tr("Writing to the project…"));
  mProgress->setMaximum(total == 0 ? 0 : int(std::min<qulonglong>(total, INT_MAX)));
  mProgress->setValue(int(std::min<qulonglong>(done, INT_MAX)));
}

void ImportWizard::finishImport(const QString &message, Outcome outcome, std::size_t count)
{
  mOutcome = outcome;
  mImported = count;
  mCancelImport->setEnabled(false);
  mProgress->setRange(0, 1);
  mProgress->setValue(outcome == Outcome::Imported ? 1 : 0);
  const QString layer = QString::fromStdString(options(false).layer);
  if (outcome == Outcome::Imported) {
    mResult->setText(tr("Imported %1 feature(s) into layer %2.").arg(count).arg(layer));
    mProject->reloadMap();
    mWindow->statusBar()->showMessage(tr("Imported %1 feature(s) into layer %2").arg(count).arg(layer),
                                      10000);
  } else if (outcome == Outcome::Cancelled) {
    mResult->setText(tr("Import cancelled; the project is unchanged."));
  } else {
    mResult->setText(tr("Import failed; the project is unchanged.\n%1").arg(message));
  }
  pageOf(this, ImportPage)->changed();
  emit importFinished(outcome);
}

bool ImportWizard::waitForImport(int timeoutMs)
{
  return processEventsUntil([this] { return mOutcome != Outcome::Running; }, timeoutMs);
}

void ImportWizard::done(int result)
{
  stopDryRun();
  hidePreview(); // the preview belongs to the wizard
  QWizard::done(result);
}

void ImportWizard::reject()
{
  if (mOutcome == Outcome::Running) {
    requestCancel(); // the wizard closes when the worker has rolled back
    waitForImport();
  }
  QWizard::reject();
}
} // namespace app

#pragma once

#include "app/core/TaskRunner.h"
#include "data/io/Exporter.h"

#include <QDialog>

#include <atomic>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace core {
class Project;
}

namespace app {

class MainWindow;

// File ▸ Export layer… (QGIS "Save Features As" is the yardstick): one layer or the whole
// project, a format (GeoPackage by default, Shapefile, GeoJSON, KML, CSV with WKT, DXF), the output
// file (a folder for the whole project in a one-layer-per-file format), an optional coordinate
// system and an as-of date. data::Exporter writes on a worker thread, as `planmap-cli export` does;
// it writes to a temporary folder and moves the files in at the end, so a failure leaves nothing.
// Cancel (or closing the dialog) stops the export, which then leaves nothing either.
class ExportLayerDialog : public QDialog
{
  Q_OBJECT
public:
  enum class Outcome { NotRun, Running, Exported, Failed, Cancelled };

  explicit ExportLayerDialog(MainWindow *window);
  ~ExportLayerDialog() override;

  // Widgets, for tests.
  QComboBox *layerCombo() const { return mLayer; }   // layer ids as item data; "" = the whole project
  QComboBox *formatCombo() const { return mFormat; } // GPKG | Shapefile | GeoJSON | KML | CSV | DXF
  QLineEdit *outputEdit() const { return mOut; }
  QComboBox *crsCombo() const { return mCrs; } // editable; "EPSG:N …" or empty for WGS84
  QCheckBox *asOfBox() const { return mAsOfOn; }
  QDateEdit *asOfEdit() const { return mAsOf; }
  QPushButton *exportButton() const { return mExport; }
  QPushButton *cancelButton() const { return mCancel; } // enabled while exporting
  QProgressBar *progressBar() const { return mProgress; }
  QLabel *resultLabel() const { return mResult; }

  // The options the widgets describe; an empty `error` when they are complete.
  data::ExportOptions options(QString *error = nullptr) const;
  // Starts the export on a worker (the Export button); false when the options are incomplete.
  bool startExport();
  Outcome outcome() const { return mOutcome; }
  const data::ExportResult &result() const { return mResultData; }
  // Processes events until the export ended or `timeoutMs` passed; true when it ended.
  bool waitForExport(int timeoutMs = 60000);

  void reject() override;

signals:
  void exportFinished(app::ExportLayerDialog::Outcome outcome);

private:
  void formatChanged();
  void browse();
  void finish(Outcome outcome, const data::ExportResult &result, const QString &message);
  bool wholeProjectInFolder() const;

  MainWindow *mWindow;
  core::Project *mProject; // the open project (the window's)
  QComboBox *mLayer = nullptr;
  QComboBox *mFormat = nullptr;
  QLineEdit *mOut = nullptr;
  QString mConfirmed; // the output the file dialog asked about replacing
  QComboBox *mCrs = nullptr;
  QCheckBox *mAsOfOn = nullptr;
  QDateEdit *mAsOf = nullptr;
  QProgressBar *mProgress = nullptr;
  QLabel *mResult = nullptr;
  QPushButton *mExport = nullptr;
  QPushButton *mCancel = nullptr;
  QDialogButtonBox *mButtons = nullptr;
  Outcome mOutcome = Outcome::NotRun;
  data::ExportResult mResultData;
  core::TaskRunner mTasks;
  core::TaskRunner::Lane mLane = mTasks.addLane(QStringLiteral("export"), core::TaskRunner::Policy::Queue);
  std::atomic<bool> mCancelFlag{false}; // data::ExportOptions::cancel of the running export
};

} // namespace app

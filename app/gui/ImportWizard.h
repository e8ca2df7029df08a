#pragma once

#include "app/core/TaskRunner.h"
#include "data/io/ImportReport.h"
#include "data/io/Importer.h"

#include <QPointer>
#include <QWizard>

#include <ogr_api.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace core {
class Project;
}

namespace app {

class MainWindow;
class ImportPreviewOverlay;

// File ▸ Import layer…: file and source layer, target layer or a new one, coordinate
// system (the file's, or a required choice when it has none; GCJ-02/BD-09), encoding; then the
// importer's dry-run report, and the real import on a worker thread with progress and Cancel.
// The project changes only when the import succeeds (the importer writes in one transaction).
class ImportWizard : public QWizard
{
  Q_OBJECT
public:
  enum PageId { FilePage, TargetPage, ValidationPage, ImportPage };
  enum class Outcome { NotRun, Running, Imported, Failed, Cancelled };

  explicit ImportWizard(MainWindow *window);
  ~ImportWizard() override;

  // Chooses the file (as the Browse button does): lists its layers and reads whether it has a CRS.
  void setFile(const QString &path);
  // Whether GDAL read a coordinate system from the file (then "from the file" is offered).
  bool fileHasCrs() const { return mFileHasCrs; }
  // The options the pages describe; `dryRun` for the validation page.
  data::ImportOptions options(bool dryRun) const;

  // Widgets, for tests and for the pages.
  QLineEdit *fileEdit() const { return mFile; }
  QComboBox *sourceLayerCombo() const { return mSourceLayer; }
  QComboBox *targetCombo() const { return mTarget; } // layer ids as item data; "" = a new layer
  QLineEdit *newLayerIdEdit() const { return mNewId; }
  QLineEdit *newLayerNameEdit() const { return mNewName; }
  QComboBox *crsCombo() const { return mCrs; } // item data "" = from the file, "EPSG:N", or invalid
  QCheckBox *gcj02Box() const { return mGcj02; }
  QCheckBox *bd09Box() const { return mBd09; }
  QComboBox *encodingCombo() const { return mEncoding; }
  // Source field | type | into: one row per field of the file, column 2 a combo whose item data is
  // "" (skip), "name", "code" or a field of the target layer (for a new layer: the source name).
  // A CSV's longitude/latitude/WKT columns, which the importer takes as the geometry, are rows
  // without a combo: column 2 reads "geometry (longitude)" etc. and cannot be changed.
  QTableWidget *mappingTable() const { return mMapping; }
  QComboBox *mappingCombo(int row) const; // nullptr for a geometry row
  // Sets the row of source field `source` to the combo item with data `target`; false if absent.
  bool mapField(const QString &source, const QString &target);
  // The --map pairs for the rows the user changed from the automatic match.
  std::vector<std::pair<std::string, std::string>> fieldMap() const;
  QPlainTextEdit *reportView() const { return mReport; }
  QProgressBar *progressBar() const { return mProgress; }
  QPushButton *cancelImportButton() const { return mCancelImport; }
  QLabel *resultLabel() const { return mResult; }
  QLabel *stageLabel() const { return mStage; } // the last stage the progress callback reported
  // Selects a CRS item by its data ("EPSG:4490"); false when not offered.
  bool selectCrs(const QString &crs);
  // The layer id the wizard proposes for the chosen file and source layer: the layer whose id or
  // name matches the file's or source layer's name ("rivers.gpkg", "河道.shp"), else the first of
  // the file's geometry kind, else the first layer.
  QString guessedTarget() const;

  // The dry run (validation page) runs on a worker: the page shows its progress and a Cancel button.
  bool dryRunRunning() const { return mDryRunRunning; }
  bool dryRunCancelled() const { return mDryRunCancelled; }
  QProgressBar *dryRunProgressBar() const { return mDryRunProgress; }
  QPushButton *cancelDryRunButton() const { return mCancelDryRun; }
  // Processes events until the dry run ended or `timeoutMs` passed; true when it ended.
  bool waitForDryRun(int timeoutMs = 60000);
  // The map preview of the dry run's features (on the main window's canvas while the wizard is open).
  std::size_t previewCount() const;

  // The dry run's report (when the file was not refused) and the message shown.
  const std::optional<data::ImportReport> &dryRunReport() const { return mDryRun; }
  QString validationMessage() const { return mValidationMessage; }

  // Stops the running import (the Cancel button); set before the import starts, it is cancelled
  // as soon as it begins.
  void requestCancel() { mCancel = true; }
  Outcome outcome() const { return mOutcome; }
  std::size_t importedCount() const { return mImported; }
  // Processes events until the import ended or `timeoutMs` passed; true when it ended.
  bool waitForImport(int timeoutMs = 60000);

  void reject() override;
  void done(int result) override;

signals:
  void importFinished(app::ImportWizard::Outcome outcome);

private:
  void buildPages();
  void buildFilePage();
  void buildTargetPage();
  void fillTargetPage(); // the project's layers and the guess, each time the page shows
  void buildValidationPage();
  void buildImportPage();
  void refreshCrsChoices();
  void validate();
  // A dry run's outcome, made on the worker.
  struct DryRun
  {
    data::ImportReport report;
    std::unique_ptr<ImportPreviewOverlay> preview;
  };
  void finishDryRun(std::optional<data::ImportReport> report, const QString &message, bool cancelled);
  void showDryRunProgress(const QString &stage, qulonglong done, qulonglong total);
  void showImportProgress(const QString &stage, qulonglong done, qulonglong total);
  void stopDryRun();
  void rebuildMapping();
  void showPreview();
  void hidePreview();
  void readSourceFields();
  QString reportText(const data::ImportReport &r) const;
  // One problem of an item in the user's language (the importer's English message when unknown).
  QString problemText(data::ImportReport::Item::Kind kind, const QString &problem) const;
  QString itemText(const data::ImportReport::Item &item) const;
  void startImport();
  void finishImport(const QString &message, Outcome outcome, std::size_t count);
  bool targetComplete() const;

  MainWindow *mWindow;
  core::Project *mProject; // the open project (the window's)
  bool mFileHasCrs = false;
  bool mFileOpened = false;
  QLineEdit *mFile = nullptr;
  QComboBox *mSourceLayer = nullptr;
  QComboBox *mTarget = nullptr;
  QLineEdit *mNewId = nullptr;
  QLineEdit *mNewName = nullptr;
  QComboBox *mCrs = nullptr;
  QCheckBox *mGcj02 = nullptr;
  QCheckBox *mBd09 = nullptr;
  QComboBox *mEncoding = nullptr;
  QPlainTextEdit *mReport = nullptr;
  QTableWidget *mMapping = nullptr;
  std::vector<QString> mMappingAuto; // per row: the automatic choice's item data
  QString mMappingFor;               // the target the table was built for
  QString mGuessFor;                 // the file and source layer the target was guessed for
  struct SourceFieldInfo
  {
    QString name;
    QString type;
    QString geometry; // a CSV column the importer reads as geometry: "longitude" | "latitude" | "WKT"
  };
  struct SourceLayerInfo
  {
    QString name;
    QString geometry; // "Point" | "LineString" | "Polygon" | "" (unknown)
    std::vector<SourceFieldInfo> fields;
  };
  // A field name as the importer reads it (GB18030 or the chosen encoding when not UTF-8).
  QString fieldNameText(const char *raw) const;
  static SourceLayerInfo readLayerInfo(OGRLayerH layer, const std::function<QString(const char *)> &textOf,
                                       std::vector<std::string> *rawNames);
  std::vector<SourceLayerInfo> mLayerInfo;    // read once by setFile
  std::vector<SourceFieldInfo> mSourceFields; // of the chosen source layer (all: the union)
  QString mFileGeometry;                      // of the chosen source layer
  QLabel *mDryRunStage = nullptr;
  QProgressBar *mDryRunProgress = nullptr;
  QPushButton *mCancelDryRun = nullptr;
  std::atomic<bool> mCancelDry{false};
  bool mDryRunRunning = false;
  bool mDryRunCancelled = false;
  std::unique_ptr<ImportPreviewOverlay> mPreview;
  QPointer<QWidget> mPreviewCanvas; // the canvas showing mPreview (it may go before the wizard)
  QLabel *mStage = nullptr;
  QProgressBar *mProgress = nullptr;
  QPushButton *mCancelImport = nullptr;
  QLabel *mResult = nullptr;
  std::optional<data::ImportReport> mDryRun;
  QString mValidationMessage;
  std::atomic<bool> mCancel{false};
  Outcome mOutcome = Outcome::NotRun;
  std::size_t mImported = 0;
  core::TaskRunner mTasks;
  core::TaskRunner::Lane mDryRunLane =
      mTasks.addLane(QStringLiteral("dry run"), core::TaskRunner::Policy::LatestWins);
  core::TaskRunner::Lane mImportLane =
      mTasks.addLane(QStringLiteral("import"), core::TaskRunner::Policy::Queue);
};

} // namespace app

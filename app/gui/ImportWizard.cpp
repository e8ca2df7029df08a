#include "app/gui/ImportWizard.h"

#include "app/gui/FieldController.h"
#include "app/gui/MainWindow.h"
#include "data/Store.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>
#include <QThread>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <gdal.h>
#include <ogr_api.h>

#include <functional>

namespace app {

namespace {

// A page whose completeness and set-up are given by the wizard.
class Page : public QWizardPage
{
public:
  std::function<bool()> complete;
  std::function<void()> init;
  bool isComplete() const override { return complete ? complete() : true; }
  bool validatePage() override { return isComplete(); } // QWizard::next() does not check
  void initializePage() override
  {
    if (init) init();
  }
  void changed() { emit completeChanged(); }
};

Page *pageOf(QWizard *w, int id)
{
  return static_cast<Page *>(w->page(id));
}

} // namespace

ImportWizard::ImportWizard(MainWindow *window)
    : QWizard(window)
    , mWindow(window)
{
  setWindowTitle(tr("Import layer"));
  setOption(QWizard::NoBackButtonOnLastPage, true);
  buildPages();
}

ImportWizard::~ImportWizard()
{
  mCancel = true;
  mFuture.waitForFinished();
}

void ImportWizard::buildPages()
{
  // (a) the file and, for a multi-layer file, one of its layers.
  auto *file = new Page;
  file->setTitle(tr("File"));
  file->setSubTitle(tr("A vector file GDAL reads: GeoPackage, Shapefile, GeoJSON, KML, CSV, GPX, DXF …"));
  mFile = new QLineEdit;
  auto *browse = new QPushButton(tr("Browse…"));
  mSourceLayer = new QComboBox;
  auto *row = new QHBoxLayout;
  row->addWidget(mFile);
  row->addWidget(browse);
  auto *fileForm = new QFormLayout(file);
  fileForm->addRow(tr("File:"), row);
  fileForm->addRow(tr("Source layer:"), mSourceLayer);
  file->complete = [this] { return QFileInfo(mFile->text()).isFile(); };
  connect(mFile, &QLineEdit::editingFinished, this, [this] { setFile(mFile->text()); });
  connect(mFile, &QLineEdit::textChanged, file, &Page::changed);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Import layer"), mFile->text(),
                                     tr("Vector files (*.gpkg *.shp *.geojson *.json *.kml *.kmz "
                                        "*.csv *.gpx *.dxf *.fgb *.sqlite *.planmap);;All files (*)"));
    if (!path.isEmpty()) setFile(path);
  });
  setPage(FilePage, file);

  // (b) target layer, coordinate system, offsets, encoding.
  auto *target = new Page;
  target->setTitle(tr("Target layer and coordinate system"));
  mTarget = new QComboBox;
  mNewId = new QLineEdit;
  mNewId->setPlaceholderText(tr("lower-case id, e.g. wells"));
  mNewName = new QLineEdit;
  mCrs = new QComboBox;
  mGcj02 = new QCheckBox(tr("GCJ-02 (Chinese web maps: Amap, Tencent)"));
  mBd09 = new QCheckBox(tr("BD-09 (Baidu maps)"));
  mEncoding = new QComboBox;
  mEncoding->addItem(tr("Automatic"), QString());
  for (const char *e : {"UTF-8", "GB18030", "GBK", "Big5"})
    mEncoding->addItem(QString::fromLatin1(e), QString::fromLatin1(e));
  auto *targetForm = new QFormLayout(target);
  targetForm->addRow(tr("Into layer:"), mTarget);
  targetForm->addRow(tr("New layer id:"), mNewId);
  targetForm->addRow(tr("New layer name:"), mNewName);
  targetForm->addRow(tr("Coordinate system:"), mCrs);
  targetForm->addRow(tr("Offset coordinates:"), mGcj02);
  targetForm->addRow(QString(), mBd09);
  targetForm->addRow(tr("Text encoding:"), mEncoding);
  target->complete = [this] { return targetComplete(); };
  target->init = [this] {
    const QString current = mTarget->currentData().toString();
    mTarget->clear();
    if (const data::Store *store = mWindow->store())
      for (const auto &l : store->layers())
        mTarget->addItem(
            QStringLiteral("%1 (%2)").arg(QString::fromStdString(l.nameZh), QString::fromStdString(l.id)),
            QString::fromStdString(l.id));
    mTarget->addItem(tr("New layer…"), QString());
    const int at = mTarget->findData(current);
    if (at >= 0 && !current.isEmpty()) mTarget->setCurrentIndex(at);
    refreshCrsChoices();
  };
  auto targetChanged = [this, target] {
    const bool isNew = mTarget->currentData().toString().isEmpty();
    mNewId->setEnabled(isNew);
    mNewName->setEnabled(isNew);
    target->changed();
  };
  connect(mTarget, &QComboBox::currentIndexChanged, this, targetChanged);
  connect(mNewId, &QLineEdit::textChanged, this, targetChanged);
  connect(mCrs, &QComboBox::currentIndexChanged, target, &Page::changed);
  connect(mGcj02, &QCheckBox::toggled, this, [this](bool on) {
    if (on) mBd09->setChecked(false);
  });
  connect(mBd09, &QCheckBox::toggled, this, [this](bool on) {
    if (on) mGcj02->setChecked(false);
  });
  setPage(TargetPage, target);

  // (c) the importer's dry run.
  auto *validation = new Page;
  validation->setTitle(tr("Validation"));
  validation->setSubTitle(tr("Nothing has been written yet. Read the report, then import."));
  mReport = new QPlainTextEdit;
  mReport->setReadOnly(true);
  mReport->setLineWrapMode(QPlainTextEdit::NoWrap);
  (new QVBoxLayout(validation))->addWidget(mReport);
  validation->complete = [this] { return mDryRun && !mDryRun->blocked(); };
  validation->init = [this] { validate(); };
  validation->setCommitPage(true);
  validation->setButtonText(QWizard::CommitButton, tr("&Import"));
  setPage(ValidationPage, validation);

  // (d) the import itself.
  auto *run = new Page;
  run->setTitle(tr("Import"));
  mStage = new QLabel;
  mProgress = new QProgressBar;
  mCancelImport = new QPushButton(tr("Cancel import"));
  mResult = new QLabel;
  mResult->setWordWrap(true);
  auto *runLayout = new QVBoxLayout(run);
  runLayout->addWidget(mStage);
  runLayout->addWidget(mProgress);
  runLayout->addWidget(mCancelImport, 0, Qt::AlignLeft);
  runLayout->addWidget(mResult);
  runLayout->addStretch();
  run->complete = [this] { return mOutcome != Outcome::Running && mOutcome != Outcome::NotRun; };
  run->init = [this] { startImport(); };
  connect(mCancelImport, &QPushButton::clicked, this, [this] { requestCancel(); });
  setPage(ImportPage, run);
}

void ImportWizard::setFile(const QString &path)
{
  if (mFile->text() != path) mFile->setText(path);
  mSourceLayer->clear();
  mFileHasCrs = false;
  mFileOpened = false;
  const QByteArray native = QFile::encodeName(path);
  GDALAllRegister();
  if (GDALDatasetH ds =
          GDALOpenEx(native.constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)) {
    mFileOpened = true;
    const int n = GDALDatasetGetLayerCount(ds);
    for (int i = 0; i < n; ++i) {
      OGRLayerH layer = GDALDatasetGetLayer(ds, i);
      if (OGR_L_GetSpatialRef(layer)) mFileHasCrs = true;
      mSourceLayer->addItem(QString::fromUtf8(OGR_L_GetName(layer)), QString::fromUtf8(OGR_L_GetName(layer)));
    }
    GDALClose(ds);
  }
  if (mSourceLayer->count() > 1) mSourceLayer->insertItem(0, tr("All layers"), QString());
  mSourceLayer->setCurrentIndex(0);
  mSourceLayer->setEnabled(mSourceLayer->count() > 1);
  refreshCrsChoices();
  pageOf(this, FilePage)->changed();
}

void ImportWizard::refreshCrsChoices()
{
  const QString current = mCrs->currentData().toString();
  mCrs->clear();
  // A file GDAL cannot open goes on to the importer, which names the problem.
  if (mFileHasCrs || !mFileOpened)
    mCrs->addItem(tr("From the file"), QString());
  else
    mCrs->addItem(tr("Choose: the file has no coordinate system"), QVariant());
  const std::pair<const char *, QString> choices[] = {
      {"EPSG:4326", tr("WGS84 (EPSG:4326)")},
      {"EPSG:4490", tr("CGCS2000 geographic (EPSG:4490)")},
      {"EPSG:4549", tr("CGCS2000 / 3-degree Gauss-Kruger CM 120E (EPSG:4549)")},
      {"EPSG:4550", tr("CGCS2000 / 3-degree Gauss-Kruger CM 123E (EPSG:4550)")},
      {"EPSG:4214", tr("Beijing 1954 (EPSG:4214)")},
      {"EPSG:4610", tr("Xian 1980 (EPSG:4610)")},
  };
  for (const auto &[code, label] : choices)
    mCrs->addItem(label, QString::fromLatin1(code));
  const int at = current.isEmpty() ? -1 : mCrs->findData(current);
  mCrs->setCurrentIndex(at >= 0 ? at : 0);
}

bool ImportWizard::selectCrs(const QString &crs)
{
  const int at = mCrs->findData(crs);
  if (at < 0) return false;
  mCrs->setCurrentIndex(at);
  return true;
}

bool ImportWizard::targetComplete() const
{
  if (mTarget->count() == 0) return false;
  if (mTarget->currentData().toString().isEmpty() && mNewId->text().trimmed().isEmpty()) return false;
  return mCrs->currentData().isValid(); // invalid = "choose" for a file without a CRS
}

data::ImportOptions ImportWizard::options(bool dryRun) const
{
  data::ImportOptions o;
  o.file = mFile->text().toStdString();
  const QString layer = mTarget->currentData().toString();
  if (layer.isEmpty()) {
    o.newLayer = true;
    o.layer = mNewId->text().trimmed().toStdString();
    o.newLayerName = mNewName->text().trimmed().toStdString();
  } else {
    o.layer = layer.toStdString();
  }
  o.sourceLayer = mSourceLayer->currentData().toString().toStdString();
  o.crs = mCrs->currentData().toString().toStdString();
  if (mGcj02->isChecked()) o.offset = data::ChinaOffset::Gcj02;
  if (mBd09->isChecked()) o.offset = data::ChinaOffset::Bd09;
  o.encoding = mEncoding->currentData().toString().toStdString();
  o.dryRun = dryRun;
  if (const auto user = mWindow->fieldController()->currentUser()) o.user = user->name;
  return o;
}

void ImportWizard::validate()
{
  mDryRun.reset();
  data::Store *store = mWindow->mutableStore();
  try {
    if (!store) throw std::runtime_error(tr("No project is open.").toStdString());
    const data::ImportOptions o = options(true);
    if (o.user.empty())
      throw std::runtime_error(tr("Choose a user first (a planner may import).").toStdString());
    mDryRun = data::Importer(*store).run(o);
    mValidationMessage = QString::fromStdString(mDryRun->text(200));
    if (mDryRun->blocked())
      mValidationMessage += tr("\nThe file cannot be imported as it is: correct the errors listed above.");
  } catch (const std::exception &e) {
    mValidationMessage = tr("Refused: %1").arg(QString::fromUtf8(e.what()));
  }
  mReport->setPlainText(mValidationMessage);
  pageOf(this, ValidationPage)->changed();
}

void ImportWizard::startImport()
{
  data::Store *store = mWindow->mutableStore();
  data::ImportOptions o = options(false);
  o.cancel = &mCancel;
  o.progress = [this](const std::string &stage, std::size_t done, std::size_t total) {
    QMetaObject::invokeMethod(
        this,
        [this, s = QString::fromStdString(stage), done, total] {
          mStage->setText(s == QLatin1String("reading")      ? tr("Reading the file…")
                          : s == QLatin1String("validating") ? tr("Checking the features…")
                                                             : tr("Writing to the project…"));
          mProgress->setMaximum(total == 0 ? 0 : int(std::min<std::size_t>(total, INT_MAX)));
          mProgress->setValue(int(std::min<std::size_t>(done, INT_MAX)));
        },
        Qt::QueuedConnection);
  };
  mOutcome = Outcome::Running;
  mCancelImport->setEnabled(true);
  mProgress->setRange(0, 0);
  pageOf(this, ImportPage)->changed();
  mFuture = QtConcurrent::run([this, store, o] {
    QString message;
    Outcome outcome = Outcome::Failed;
    std::size_t count = 0;
    try {
      if (!store) throw std::runtime_error("no project is open");
      const data::ImportReport r = data::Importer(*store).run(o);
      if (r.written) {
        outcome = Outcome::Imported;
        count = r.toWrite;
      } else {
        message = QString::fromStdString(r.text());
      }
    } catch (const data::ImportCancelled &) {
      outcome = Outcome::Cancelled;
    } catch (const std::exception &e) {
      message = QString::fromUtf8(e.what());
    }
    QMetaObject::invokeMethod(
        this, [this, message, outcome, count] { finishImport(message, outcome, count); },
        Qt::QueuedConnection);
  });
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
    mWindow->reloadMap();
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
  QElapsedTimer t;
  t.start();
  while (mOutcome == Outcome::Running && t.elapsed() < timeoutMs) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QThread::msleep(2);
  }
  return mOutcome != Outcome::Running;
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

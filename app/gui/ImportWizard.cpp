#include "app/gui/ImportWizard.h"

#include "app/gui/ImportPreviewOverlay.h"
#include "app/gui/ImportWizardPage.h"

#include "app/core/Project.h"
#include "app/gui/CrsChoices.h"
#include "app/gui/FieldController.h"
#include "app/gui/FileDialogs.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MapCanvas.h"
#include "data/io/ImportMapping.h"
#include "data/io/ImportSource.h"
#include "data/store/Encoding.h"
#include "data/store/Store.h"
#include "gis/Crs.h"
#include "layers/render/MapData.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <gdal.h>
#include <ogr_api.h>

#include <algorithm>
#include <climits>
#include <functional>
#include <string_view>

namespace app {

using wizard::Page;
using wizard::pageOf;

namespace {

// "rivers_2020.gpkg" -> "rivers_2020"; lower case.
QString baseKey(const QString &name)
{
  return QFileInfo(name).completeBaseName().toLower().trimmed();
}

} // namespace

ImportWizard::ImportWizard(MainWindow *window)
    : QWizard(window)
    , mWindow(window)
    , mProject(window->project())
{
  setWindowTitle(tr("Import layer"));
  setOption(QWizard::NoBackButtonOnLastPage, true);
  buildPages();
  connect(&mTasks, &core::TaskRunner::progress, this,
          [this](core::TaskRunner::Lane lane, const QString &stage, qulonglong done, qulonglong total) {
            if (lane == mDryRunLane)
              showDryRunProgress(stage, done, total);
            else
              showImportProgress(stage, done, total);
          });
}

ImportWizard::~ImportWizard()
{
  mCancel = true;
  mCancelDry = true;
  mTasks.waitForDone(mImportLane);
  mTasks.waitForDone(mDryRunLane);
  hidePreview();
}

void ImportWizard::buildPages()
{
  buildFilePage();
  buildTargetPage();
  buildValidationPage();
  buildImportPage();
}

void ImportWizard::buildFilePage()
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
  // The open project is not a source: GDAL would open (and close) the file outside the store's
  // connection, which drops this process's SQLite locks on it.
  file->complete = [this] {
    return QFileInfo(mFile->text()).isFile() && !files::isOpenProjectFile(mFile->text());
  };
  connect(mFile, &QLineEdit::editingFinished, this, [this] { setFile(mFile->text()); });
  connect(mFile, &QLineEdit::textChanged, file, &Page::changed);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString path = files::openFile(this, tr("Import layer"), mFile->text(),
                                         tr("Vector files (*.gpkg *.shp *.geojson *.json *.kml *.kmz "
                                            "*.csv *.gpx *.dxf *.fgb *.sqlite *.planmap);;All files (*)"));
    if (!path.isEmpty()) setFile(path);
  });
  setPage(FilePage, file);
}

void ImportWizard::buildTargetPage()
{
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
  mMapping = new QTableWidget(0, 3);
  mMapping->setHorizontalHeaderLabels({tr("Field in the file"), tr("Type"), tr("Into")});
  mMapping->verticalHeader()->hide();
  mMapping->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
  mMapping->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  mMapping->horizontalHeader()->setStretchLastSection(true);
  mMapping->setEditTriggers(QAbstractItemView::NoEditTriggers);
  mMapping->setSelectionMode(QAbstractItemView::NoSelection);
  mMapping->setMinimumHeight(140);
  targetForm->addRow(tr("Fields:"), mMapping);
  target->complete = [this] { return targetComplete(); };
  target->init = [this] { fillTargetPage(); };
  auto targetChanged = [this, target] {
    const bool isNew = mTarget->currentData().toString().isEmpty();
    mNewId->setEnabled(isNew);
    mNewName->setEnabled(isNew);
    target->changed();
  };
  connect(mTarget, &QComboBox::currentIndexChanged, this, [this] { rebuildMapping(); });
  connect(mSourceLayer, &QComboBox::currentIndexChanged, this, [this] {
    readSourceFields();
    mMappingFor = QStringLiteral("\x01"); // rebuild for the new source layer's fields
    if (currentId() == TargetPage) rebuildMapping();
  });
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
}

void ImportWizard::fillTargetPage()
{
  const QString current = mTarget->currentData().toString();
  mTarget->clear();
  if (const data::Store *store = mProject->store())
    for (const auto &l : store->layers())
      mTarget->addItem(
          QStringLiteral("%1 (%2)").arg(QString::fromStdString(l.nameZh), QString::fromStdString(l.id)),
          QString::fromStdString(l.id));
  mTarget->addItem(tr("New layer…"), QString());
  // The user's earlier choice (after Back), else a guess from the file's name.
  const QString guessFor = mFile->text() + QLatin1Char('\n') + mSourceLayer->currentData().toString();
  const QString want = guessFor != mGuessFor ? guessedTarget() : current;
  mGuessFor = guessFor;
  const int at = mTarget->findData(want);
  if (at >= 0) mTarget->setCurrentIndex(at);
  refreshCrsChoices();
  rebuildMapping();
}

void ImportWizard::buildValidationPage()
{
  // (c) the importer's dry run.
  auto *validation = new Page;
  validation->setTitle(tr("Validation"));
  validation->setSubTitle(tr("Nothing has been written yet. Read the report, then import."));
  mReport = new QPlainTextEdit;
  mReport->setReadOnly(true);
  mReport->setLineWrapMode(QPlainTextEdit::NoWrap);
  mDryRunStage = new QLabel;
  mDryRunProgress = new QProgressBar;
  mCancelDryRun = new QPushButton(tr("Cancel check"));
  mCancelDryRun->setEnabled(false);
  auto *dryRow = new QHBoxLayout;
  dryRow->addWidget(mDryRunStage);
  dryRow->addWidget(mDryRunProgress, 1);
  dryRow->addWidget(mCancelDryRun);
  auto *validationLayout = new QVBoxLayout(validation);
  validationLayout->addLayout(dryRow);
  validationLayout->addWidget(mReport);
  validation->complete = [this] { return !mDryRunRunning && mDryRun && !mDryRun->blocked(); };
  validation->init = [this] { validate(); };
  validation->cleanup = [this] { // Back: the report and preview no longer describe the choices
    stopDryRun();
    hidePreview();
  };
  connect(mCancelDryRun, &QPushButton::clicked, this, [this] { mCancelDry = true; });
  validation->setCommitPage(true);
  validation->setButtonText(QWizard::CommitButton, tr("&Import"));
  setPage(ValidationPage, validation);
}

void ImportWizard::buildImportPage()
{
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

void ImportWizard::readSourceFields()
{
  mSourceFields.clear();
  mFileGeometry.clear();
  const QString chosen = mSourceLayer->currentData().toString();
  for (const SourceLayerInfo &info : mLayerInfo) {
    if (!chosen.isEmpty() && info.name != chosen) continue;
    if (mFileGeometry.isEmpty()) mFileGeometry = info.geometry;
    for (const SourceFieldInfo &f : info.fields) {
      auto it = std::find_if(mSourceFields.begin(), mSourceFields.end(),
                             [&](const SourceFieldInfo &g) { return g.name == f.name; });
      if (it == mSourceFields.end())
        mSourceFields.push_back(f);
      else if (it->type != f.type)
        it->type = QStringLiteral("text");
    }
  }
}

QString ImportWizard::guessedTarget() const
{
  const data::Store *store = mProject->store();
  if (!store) return {};
  const auto layers = store->layers();
  if (layers.empty()) return {};
  std::vector<QString> names{baseKey(mFile->text())};
  if (const QString src = mSourceLayer->currentData().toString(); !src.isEmpty())
    names.push_back(src.toLower());
  // Best: a name equal to the layer's id or one of its names; next: a name containing one of them
  // (the longest wins: "rivers_2020", "浦江镇河道"); an English plural matches its singular.
  QString best;
  int bestScore = 0;
  for (const auto &l : layers) {
    std::vector<QString> keys{QString::fromStdString(l.id).toLower(), QString::fromStdString(l.nameZh),
                              QString::fromStdString(l.nameEn).toLower()};
    if (keys[0].size() > 3 && keys[0].endsWith(QLatin1Char('s'))) keys.push_back(keys[0].chopped(1));
    for (const QString &name : names)
      for (const QString &key : keys) {
        if (key.size() < 2 || name.isEmpty()) continue;
        int score = 0;
        if (name == key)
          score = 1000;
        else if (name.contains(key))
          score = 100 + int(key.size());
        if (score > bestScore) {
          bestScore = score;
          best = QString::fromStdString(l.id);
        }
      }
  }
  if (!best.isEmpty()) return best;
  if (!mFileGeometry.isEmpty())
    for (const auto &l : layers)
      if (QString::fromStdString(l.geometryType) == mFileGeometry) return QString::fromStdString(l.id);
  return QString::fromStdString(layers.front().id);
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
  CrsChoices::addTo(mCrs);
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
  o.fieldMap = fieldMap();
  o.dryRun = dryRun;
  if (const auto user = mWindow->fieldController()->currentUser()) o.user = user->name;
  return o;
}

// ---- field mapping

void ImportWizard::rebuildMapping()
{
  const QString target = mTarget->currentData().toString();
  if (target == mMappingFor && mMapping->rowCount() == int(mSourceFields.size())) return;
  mMappingFor = target;
  mMapping->setRowCount(0);
  mMappingAuto.clear();
  std::optional<data::LayerDef> layer;
  if (!target.isEmpty())
    if (const data::Store *store = mProject->store()) layer = store->layer(target.toStdString());
  if (!target.isEmpty() && !layer) return;

  // The fields the importer sees: a CSV's geometry columns are not among them.
  std::vector<data::SourceField> source;
  std::vector<std::size_t> sourceAt(mSourceFields.size(), 0); // row -> index into `source`
  for (std::size_t i = 0; i < mSourceFields.size(); ++i) {
    const auto &f = mSourceFields[i];
    if (!f.geometry.isEmpty()) continue;
    sourceAt[i] = source.size();
    source.push_back({f.name.toStdString(), f.type.toStdString()});
  }
  data::FieldMapping automatic;
  try {
    automatic = data::mapFields(source, layer, {}, mFile->text().toStdString());
  } catch (const std::exception &) {
    automatic.entries.assign(source.size(), {});
  }
  auto fieldLabel = [](const data::FieldDef &f) {
    const QString label =
        QString::fromStdString(QLocale().language() == QLocale::Chinese && !f.labelZh.empty() ? f.labelZh
                               : !f.labelEn.empty()                                           ? f.labelEn
                                                                                              : f.labelZh);
    return label.isEmpty() ? QString::fromStdString(f.name)
                           : QStringLiteral("%1 (%2)").arg(label, QString::fromStdString(f.name));
  };
  mMapping->setRowCount(int(mSourceFields.size()));
  for (std::size_t i = 0; i < mSourceFields.size(); ++i) {
    const int row = int(i);
    mMapping->setItem(row, 0, new QTableWidgetItem(mSourceFields[i].name));
    const QString type = mSourceFields[i].type;
    mMapping->setItem(row, 1,
                      new QTableWidgetItem(type == QLatin1String("integer") ? tr("integer")
                                           : type == QLatin1String("real")  ? tr("number")
                                                                            : tr("text")));
    if (const QString role = mSourceFields[i].geometry; !role.isEmpty()) {
      auto *into = new QTableWidgetItem(role == QLatin1String("longitude")  ? tr("geometry (longitude)")
                                        : role == QLatin1String("latitude") ? tr("geometry (latitude)")
                                                                            : tr("geometry (WKT)"));
      into->setFlags(Qt::ItemIsEnabled);
      into->setToolTip(tr("The importer reads the features' geometry from this column."));
      mMapping->setItem(row, 2, into);
      mMappingAuto.emplace_back();
      continue;
    }
    auto *combo = new QComboBox;
    combo->addItem(tr("(skip)"), QString());
    combo->addItem(tr("Feature name (name)"), QStringLiteral("name"));
    combo->addItem(tr("Feature code (code)"), QStringLiteral("code"));
    if (layer)
      for (const auto &f : layer->fields)
        combo->addItem(fieldLabel(f) + QStringLiteral(" · ") +
                           (f.type == "integer" ? tr("integer")
                            : f.type == "real"  ? tr("number")
                                                : tr("text")),
                       QString::fromStdString(f.name));
    else
      combo->addItem(tr("New field %1").arg(mSourceFields[i].name), mSourceFields[i].name);
    QString automaticData;
    const auto &e = automatic.entries[sourceAt[i]];
    if (e.target == data::FieldMapping::Target::Name)
      automaticData = QStringLiteral("name");
    else if (e.target == data::FieldMapping::Target::Code)
      automaticData = QStringLiteral("code");
    else if (e.target == data::FieldMapping::Target::Field)
      automaticData = layer ? QString::fromStdString(automatic.fields[e.field].name) : mSourceFields[i].name;
    combo->setCurrentIndex(std::max(0, combo->findData(automaticData)));
    mMappingAuto.push_back(automaticData);
    mMapping->setCellWidget(row, 2, combo);
  }
}

QComboBox *ImportWizard::mappingCombo(int row) const
{
  return qobject_cast<QComboBox *>(mMapping->cellWidget(row, 2));
}

bool ImportWizard::mapField(const QString &source, const QString &target)
{
  for (int row = 0; row < mMapping->rowCount(); ++row)
    if (mMapping->item(row, 0)->text() == source) {
      if (!mappingCombo(row)) return false; // a geometry column
      const int at = mappingCombo(row)->findData(target);
      if (at < 0) return false;
      mappingCombo(row)->setCurrentIndex(at);
      return true;
    }
  return false;
}

std::vector<std::pair<std::string, std::string>> ImportWizard::fieldMap() const
{
  // Only the rows the user changed: the importer makes the automatic match itself, from the fields
  // it reads (a CSV's coordinate columns, for one, are not fields there).
  std::vector<std::pair<std::string, std::string>> map;
  if (mMappingFor != mTarget->currentData().toString()) return map;
  for (int row = 0; row < mMapping->rowCount() && row < int(mMappingAuto.size()); ++row) {
    if (!mappingCombo(row)) continue; // a geometry column
    const QString chosen = mappingCombo(row)->currentData().toString();
    if (chosen != mMappingAuto[std::size_t(row)])
      map.emplace_back(mMapping->item(row, 0)->text().toStdString(), chosen.toStdString());
  }
  return map;
}

} // namespace app

#include "app/gui/ExportLayerDialog.h"

#include "app/core/Project.h"
#include "app/gui/CrsChoices.h"
#include "app/gui/FileDialogs.h"
#include "app/gui/LayerTreeDock.h"
#include "app/gui/MainWindow.h"
#include "app/gui/MapCanvas.h"
#include "data/store/Store.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QStatusBar>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <string>

namespace app {

namespace {

struct FormatChoice
{
  const char *key; // data::ExportOptions::format
  const char *extension;
  bool multiLayer; // the whole project fits in one file
};

const FormatChoice kFormats[] = {
    {"GPKG", "gpkg", true}, {"Shapefile", "shp", false}, {"GeoJSON", "geojson", false},
    {"KML", "kml", true},   {"CSV", "csv", false},       {"DXF", "dxf", true},
};

const FormatChoice &formatOf(const QString &key)
{
  for (const auto &f : kFormats)
    if (key == QLatin1String(f.key)) return f;
  return kFormats[0];
}

// The layer the selected features are in (when they are all in one), else the layer tree's
// current layer; "" when neither says.
std::string defaultLayer(const MainWindow *window)
{
  const auto data = window->mapData();
  if (data && window->canvas()) {
    std::string selected;
    for (const std::int64_t id : window->canvas()->selection()) {
      const layers::MapLayer *layer = nullptr;
      data->feature(id, &layer);
      if (!layer) continue;
      if (!selected.empty() && selected != layer->id()) {
        selected.clear();
        break;
      }
      selected = layer->id();
    }
    if (!selected.empty()) return selected;
  }
  return window->layerTree() ? window->layerTree()->currentLayerId() : std::string();
}

} // namespace

ExportLayerDialog::ExportLayerDialog(MainWindow *window)
    : QDialog(window)
    , mWindow(window)
    , mProject(window->project())
{
  setWindowTitle(tr("Export layer"));
  mLayer = new QComboBox;
  mLayer->addItem(tr("Whole project (every layer)"), QString());
  if (const data::Store *store = window->store())
    for (const auto &l : store->layers())
      mLayer->addItem(
          QStringLiteral("%1 (%2)").arg(QString::fromStdString(l.nameZh), QString::fromStdString(l.id)),
          QString::fromStdString(l.id));
  // The layer of the map's selection, else the layer tree's current layer, else the first layer.
  if (const int at = mLayer->findData(QString::fromStdString(defaultLayer(window))); at > 0)
    mLayer->setCurrentIndex(at);
  else if (mLayer->count() > 1)
    mLayer->setCurrentIndex(1);

  mFormat = new QComboBox;
  mFormat->addItem(tr("GeoPackage (.gpkg)"), QStringLiteral("GPKG"));
  mFormat->addItem(tr("ESRI Shapefile (.shp, UTF-8 .cpg)"), QStringLiteral("Shapefile"));
  mFormat->addItem(tr("GeoJSON (.geojson)"), QStringLiteral("GeoJSON"));
  mFormat->addItem(tr("KML, styled by status (.kml)"), QStringLiteral("KML"));
  mFormat->addItem(tr("CSV with WKT geometry (.csv)"), QStringLiteral("CSV"));
  mFormat->addItem(tr("AutoCAD DXF (.dxf)"), QStringLiteral("DXF"));

  mOut = new QLineEdit;
  auto *browseButton = new QPushButton(tr("Browse…"));
  auto *outRow = new QHBoxLayout;
  outRow->addWidget(mOut, 1);
  outRow->addWidget(browseButton);

  mCrs = new QComboBox;
  mCrs->setEditable(true);
  CrsChoices::addTo(mCrs);
  mCrs->setToolTip(tr("Choose one, or type any EPSG code, e.g. EPSG:32651"));

  mAsOfOn = new QCheckBox(tr("Status as of"));
  mAsOf = new QDateEdit(QDate::currentDate());
  mAsOf->setCalendarPopup(true);
  mAsOf->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
  mAsOf->setEnabled(false);
  if (const QDate d = QDate::fromString(window->asOf(), Qt::ISODate); d.isValid()) {
    mAsOf->setDate(d);
    mAsOfOn->setChecked(true);
    mAsOf->setEnabled(true);
  }
  auto *asOfRow = new QHBoxLayout;
  asOfRow->addWidget(mAsOfOn);
  asOfRow->addWidget(mAsOf);
  asOfRow->addStretch();

  auto *form = new QFormLayout;
  form->addRow(tr("Layer:"), mLayer);
  form->addRow(tr("Format:"), mFormat);
  form->addRow(tr("Save to:"), outRow);
  form->addRow(tr("Coordinate system:"), mCrs);
  form->addRow(tr("Date:"), asOfRow);

  auto *hint = new QLabel(tr("Every feature keeps its attributes, with its status, done length or area "
                             "and last event date added."));
  hint->setWordWrap(true);
  mProgress = new QProgressBar;
  mProgress->setRange(0, 1);
  mProgress->setValue(0);
  mProgress->setTextVisible(false);
  mProgress->setVisible(false); // shown while the exporter works
  mResult = new QLabel;
  mResult->setWordWrap(true);
  mResult->setTextInteractionFlags(Qt::TextSelectableByMouse);

  mButtons = new QDialogButtonBox(QDialogButtonBox::Close);
  mExport = mButtons->addButton(tr("&Export"), QDialogButtonBox::ApplyRole);
  mExport->setDefault(true);
  mCancel = mButtons->addButton(tr("&Cancel export"), QDialogButtonBox::ActionRole);
  mCancel->setEnabled(false);

  auto *layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(hint);
  layout->addWidget(mProgress);
  layout->addWidget(mResult);
  layout->addStretch();
  layout->addWidget(mButtons);
  resize(620, sizeHint().height());

  connect(mFormat, &QComboBox::currentIndexChanged, this, [this] { formatChanged(); });
  connect(mLayer, &QComboBox::currentIndexChanged, this, [this] { formatChanged(); });
  connect(browseButton, &QPushButton::clicked, this, [this] { browse(); });
  connect(mAsOfOn, &QCheckBox::toggled, mAsOf, &QWidget::setEnabled);
  connect(mExport, &QPushButton::clicked, this, [this] { startExport(); });
  connect(mCancel, &QPushButton::clicked, this, [this] {
    mCancelFlag = true;
    mCancel->setEnabled(false);
    mResult->setText(tr("Cancelling…"));
  });
  connect(mButtons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  // A default output beside the project: <project folder>/<layer or project name>.gpkg
  const QFileInfo project(window->projectPath());
  const QString dir = project.path().isEmpty() ? QDir::homePath() : project.path();
  const QString base = mLayer->currentData().toString().isEmpty() ? project.completeBaseName()
                                                                  : mLayer->currentData().toString();
  mOut->setText(QDir(dir).filePath(base + QStringLiteral(".gpkg")));
  formatChanged();
}

ExportLayerDialog::~ExportLayerDialog()
{
  mCancelFlag = true;
  mTasks.waitForDone(mLane);
}

bool ExportLayerDialog::wholeProjectInFolder() const
{
  return mLayer->currentData().toString().isEmpty() &&
         !formatOf(mFormat->currentData().toString()).multiLayer;
}

void ExportLayerDialog::formatChanged()
{
  const FormatChoice &f = formatOf(mFormat->currentData().toString());
  // KML is always WGS84.
  mCrs->setEnabled(QLatin1String(f.key) != QLatin1String("KML"));
  if (!mCrs->isEnabled()) mCrs->setCurrentIndex(0);
  // Follow the format in the output name: a file with its extension, or a folder.
  QString path = mOut->text().trimmed();
  if (path.isEmpty()) return;
  QFileInfo info(path);
  QString stem = info.suffix().isEmpty() ? info.fileName() : info.completeBaseName();
  // A name the dialog made (the layer's id or the project's name) follows the layer choice.
  const QString project = QFileInfo(mProject->path()).completeBaseName();
  const QString autoStem =
      mLayer->currentData().toString().isEmpty() ? project : mLayer->currentData().toString();
  if (stem == project || mLayer->findData(stem) > 0) stem = autoStem;
  const QString base = QDir(info.path()).filePath(stem);
  mOut->setText(wholeProjectInFolder() ? base : base + QLatin1Char('.') + QLatin1String(f.extension));
  mOut->setPlaceholderText(wholeProjectInFolder() ? tr("a folder: one file per layer") : QString());
}

void ExportLayerDialog::browse()
{
  const FormatChoice &f = formatOf(mFormat->currentData().toString());
  QString path;
  if (wholeProjectInFolder()) {
    path = files::directory(this, tr("Export to folder"), mOut->text());
  } else {
    const QString filter = tr("%1 files (*.%2)").arg(mFormat->currentText(), QLatin1String(f.extension));
    path = mConfirmed = files::saveFile(this, tr("Export layer"), mOut->text(), filter);
    // A suffix added here names a file the dialog did not ask about.
    if (!path.isEmpty() &&
        QFileInfo(path).suffix().compare(QLatin1String(f.extension), Qt::CaseInsensitive) != 0)
      path += QLatin1Char('.') + QLatin1String(f.extension);
  }
  if (!path.isEmpty()) mOut->setText(path);
}

data::ExportOptions ExportLayerDialog::options(QString *error) const
{
  data::ExportOptions o;
  QString problem;
  if (const QString layer = mLayer->currentData().toString(); !layer.isEmpty())
    o.layers.push_back(layer.toStdString());
  o.format = mFormat->currentData().toString().toStdString();
  o.out = mOut->text().trimmed().toStdString();
  if (o.out.empty()) problem = tr("Choose where to save.");
  // The CRS: an item's data, or "EPSG:N" (or just N) typed in.
  const QString typed = mCrs->currentText().trimmed();
  QString crs = mCrs->currentIndex() >= 0 && mCrs->itemText(mCrs->currentIndex()) == typed
                    ? mCrs->currentData().toString()
                    : QString();
  if (crs.isEmpty() && !typed.isEmpty()) {
    static const QRegularExpression epsg(QStringLiteral("^(?:EPSG\\s*:\\s*)?(\\d{4,6})\\b"),
                                         QRegularExpression::CaseInsensitiveOption);
    const auto m = epsg.match(typed);
    if (m.hasMatch())
      crs = QStringLiteral("EPSG:") + m.captured(1);
    else if (problem.isEmpty())
      problem = tr("Coordinate system '%1': give an EPSG code such as EPSG:4549.").arg(typed);
  }
  if (crs != QLatin1String("EPSG:4326")) o.crs = crs.toStdString();
  if (mAsOfOn->isChecked()) o.asOf = mAsOf->date().toString(Qt::ISODate).toStdString();
  if (error) *error = problem;
  return o;
}

bool ExportLayerDialog::startExport()
{
  if (mOutcome == Outcome::Running) return false;
  QString problem;
  data::ExportOptions o = options(&problem);
  const data::Store *store = mProject->store();
  if (!store) problem = tr("No project is open.");
  // One file: never the project or a database, another existing file once the user said so.
  const QString out = mOut->text().trimmed();
  if (problem.isEmpty() && !wholeProjectInFolder())
    problem = files::checkOutput(this, out, out == mConfirmed, false);
  // The exporter checks every file it writes again (sidecars, one file per layer in a folder).
  o.project = mProject->path().toStdString();
  o.replace = data::Replace::File;
  if (problem.isEmpty() && wholeProjectInFolder() && !QDir(out).isEmpty() &&
      QMessageBox::question(this, windowTitle(),
                            tr("Files in %1 named as the layers are replaced. Go on?").arg(out)) !=
          QMessageBox::Yes)
    problem = tr("Nothing exported.");
  if (!problem.isEmpty()) {
    mResult->setText(problem);
    return false;
  }
  mOutcome = Outcome::Running;
  mCancelFlag = false;
  mExport->setEnabled(false);
  mCancel->setEnabled(true);
  mProgress->setRange(0, 0); // busy until the exporter's first report
  mProgress->setVisible(true);
  o.cancel = &mCancelFlag;
  // Called on the worker; the bar moves on the GUI thread. The dialog waits for the worker before
  // it goes, so `this` outlives every queued call.
  o.progress = [this](std::size_t done, std::size_t total) {
    const int max = int(std::min<std::size_t>(total, INT_MAX));
    const int value = int(std::min<std::size_t>(done, INT_MAX));
    QMetaObject::invokeMethod(
        this,
        [this, max, value] {
          if (mOutcome != Outcome::Running) return;
          mProgress->setRange(0, std::max(max, 1));
          mProgress->setValue(std::min(value, std::max(max, 1)));
        },
        Qt::QueuedConnection);
  };
  mResult->setText(tr("Exporting…"));
  mTasks.run(
      mLane, [store, o](const core::TaskContext &) { return data::Exporter(*store).run(o); },
      [this](core::TaskResult<data::ExportResult> r) {
        if (r.ok()) return finish(Outcome::Exported, *r.value, {});
        try {
          std::rethrow_exception(r.error);
        } catch (const data::ExportCancelled &) {
          return finish(Outcome::Cancelled, {}, {});
        } catch (...) {
        }
        finish(Outcome::Failed, {}, QString::fromStdString(r.message()));
      });
  return true;
}

void ExportLayerDialog::finish(Outcome outcome, const data::ExportResult &result, const QString &message)
{
  mOutcome = outcome;
  mResultData = result;
  mExport->setEnabled(true);
  mCancel->setEnabled(false);
  mProgress->setRange(0, 1);
  mProgress->setValue(outcome == Outcome::Exported ? 1 : 0);
  mProgress->setVisible(false);
  if (outcome == Outcome::Exported) {
    QStringList files;
    for (const auto &f : result.files)
      files << QDir::toNativeSeparators(QString::fromStdString(f));
    // One file per layer into a folder: name the folder, not every file.
    QString text = files.size() > 2
                       ? tr("Exported %n feature(s) into %1 (%2 files).", nullptr, int(result.features))
                             .arg(QDir::toNativeSeparators(mOut->text().trimmed()))
                             .arg(files.size())
                       : tr("Exported %n feature(s) to %1.", nullptr, int(result.features))
                             .arg(files.join(QStringLiteral(", ")));
    for (const auto &n : result.notes)
      text += QLatin1Char('\n') + tr("Note: %1").arg(QString::fromStdString(n));
    mResult->setText(text);
    mWindow->statusBar()->showMessage(tr("Exported %n feature(s)", nullptr, int(result.features)), 10000);
  } else if (outcome == Outcome::Cancelled) {
    mResult->setText(tr("Export cancelled; nothing was written."));
  } else {
    mResult->setText(tr("Export failed; nothing was written.\n%1").arg(message));
  }
  emit exportFinished(outcome);
}

bool ExportLayerDialog::waitForExport(int timeoutMs)
{
  return processEventsUntil([this] { return mOutcome != Outcome::Running; }, timeoutMs);
}

void ExportLayerDialog::reject()
{
  // Closing cancels a running export and waits for the worker to remove what it wrote.
  if (mOutcome == Outcome::Running) mCancelFlag = true;
  mTasks.waitForDone(mLane);
  QDialog::reject();
}

} // namespace app

#include "app/gui/ExportMapDialog.h"

#include "app/gui/FileDialogs.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace app {

ExportMapDialog::ExportMapDialog(const layers::MapSettings &view, const QString &title, const QString &date,
                                 QWidget *parent)
    : QDialog(parent)
    , mView(view)
{
  setWindowTitle(tr("Export map"));
  auto *form = new QFormLayout(this);
  auto *pathRow = new QHBoxLayout;
  mPath = new QLineEdit(this);
  auto *browse = new QPushButton(tr("Browse…"), this);
  pathRow->addWidget(mPath, 1);
  pathRow->addWidget(browse);
  form->addRow(tr("File (.png, .svg, .pdf)"), pathRow);
  auto spin = [this](int lo, int hi, int value) {
    auto *s = new QSpinBox(this);
    s->setRange(lo, hi);
    s->setValue(value);
    return s;
  };
  mWidth = spin(16, 20000, 2400);
  mHeight = spin(16, 20000, std::max(16, 2400 * view.size.height() / std::max(1, view.size.width())));
  mDpi = spin(36, 1200, 200);
  form->addRow(tr("Width (px)"), mWidth);
  form->addRow(tr("Height (px)"), mHeight);
  form->addRow(tr("Resolution (dpi)"), mDpi);
  mTitle = new QLineEdit(title, this);
  mDate = new QLineEdit(date, this);
  form->addRow(tr("Title"), mTitle);
  form->addRow(tr("Date"), mDate);
  mLegend = new QCheckBox(tr("Legend"), this);
  mLegend->setChecked(true);
  mDecorations = new QCheckBox(tr("Scale bar, north arrow and attribution"), this);
  mDecorations->setChecked(true);
  form->addRow(mLegend);
  form->addRow(mDecorations);
  auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString p = files::saveFile(this, tr("Export map"), mPath->text(), tr("Maps (*.png *.svg *.pdf)"));
    if (p.isEmpty()) return;
    mPath->setText(p);
    mConfirmed = p; // the file dialog asked before replacing it
  });
}

bool ExportMapDialog::pathConfirmed() const
{
  return !mConfirmed.isEmpty() && mConfirmed == path();
}

QString ExportMapDialog::path() const
{
  return mPath->text();
}

void ExportMapDialog::setPath(const QString &path)
{
  mPath->setText(path);
}

layers::MapSettings ExportMapDialog::settings() const
{
  layers::MapSettings s = mView;
  s.extent = mView.visibleExtent();
  s.size = QSize(mWidth->value(), mHeight->value());
  s.dpi = mDpi->value();
  s.title = mTitle->text();
  s.dateText = mDate->text();
  s.legend = mLegend->isChecked();
  s.decorations = mDecorations->isChecked();
  return s;
}

} // namespace app

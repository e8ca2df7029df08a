#include "app/gui/TakeOfflineDialog.h"

#include "app/gui/FileDialogs.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>

namespace app {

TakeOfflineDialog::TakeOfflineDialog(const data::Store &server, const std::optional<gis::Envelope> &extent,
                                     const QString &user, QWidget *parent)
    : QDialog(parent)
    , mExtent(extent)
{
  setWindowTitle(tr("Take offline"));
  auto *form = new QFormLayout(this);
  auto *intro = new QLabel(tr("A field copy holds the layers in an area with their current state; it works "
                              "without a network and is synchronised later (File ▸ Synchronise)."),
                           this);
  intro->setWordWrap(true);
  form->addRow(intro);

  mByVillage = new QRadioButton(tr("Village"), this);
  mVillage = new QComboBox(this);
  mVillage->setObjectName(QStringLiteral("village"));
  // The villages of the plan's declared village layer: the area checkout takes (data::villageLayerOf).
  if (const std::string villages = data::villageLayerOf(server); !villages.empty())
    for (const data::Feature &v : server.features(villages))
      mVillage->addItem(QString::fromStdString(v.name.empty() ? v.code : v.name));
  mVillage->model()->sort(0);
  form->addRow(mByVillage, mVillage);

  mByExtent = new QRadioButton(tr("Current map extent"), this);
  mExtentLabel = new QLabel(this);
  if (mExtent)
    mExtentLabel->setText(QStringLiteral("%1, %2 – %3, %4")
                              .arg(mExtent->minX, 0, 'f', 4)
                              .arg(mExtent->minY, 0, 'f', 4)
                              .arg(mExtent->maxX, 0, 'f', 4)
                              .arg(mExtent->maxY, 0, 'f', 4));
  mByExtent->setEnabled(mExtent.has_value());
  form->addRow(mByExtent, mExtentLabel);
  const bool villages = mVillage->count() > 0;
  mByVillage->setEnabled(villages);
  (villages ? mByVillage : mByExtent)->setChecked(true);

  auto *outRow = new QHBoxLayout;
  mOut = new QLineEdit(this);
  mOut->setObjectName(QStringLiteral("output"));
  mOut->setText(QDir::homePath() + QStringLiteral("/field.planmap"));
  auto *browseButton = new QPushButton(tr("Browse…"), this);
  outRow->addWidget(mOut, 1);
  outRow->addWidget(browseButton);
  form->addRow(tr("Field copy"), outRow);

  mUser = new QComboBox(this);
  mUser->setObjectName(QStringLiteral("user"));
  for (const data::User &u : server.users())
    if (u.role != data::Role::Leader) mUser->addItem(QString::fromStdString(u.name));
  const int k = mUser->findText(user);
  if (k >= 0) mUser->setCurrentIndex(k);
  form->addRow(tr("User"), mUser);

  mButtons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  mButtons->button(QDialogButtonBox::Ok)->setText(tr("Take offline"));
  form->addRow(mButtons);
  connect(mButtons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(mButtons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(browseButton, &QPushButton::clicked, this, &TakeOfflineDialog::browse);
  connect(mOut, &QLineEdit::textChanged, this, &TakeOfflineDialog::updateOk);
  connect(mVillage, &QComboBox::activated, this, [this] { mByVillage->setChecked(true); });
  updateOk();
}

void TakeOfflineDialog::browse()
{
  const QString path =
      files::saveFile(this, tr("Field copy"), mOut->text(), tr("PlanMap projects (*.planmap *.sqlite)"));
  if (!path.isEmpty()) mOut->setText(path);
}

void TakeOfflineDialog::updateOk()
{
  mButtons->button(QDialogButtonBox::Ok)
      ->setEnabled(!mOut->text().trimmed().isEmpty() && mUser->count() > 0 &&
                   (mByVillage->isEnabled() || mByExtent->isEnabled()));
}

void TakeOfflineDialog::setOutput(const QString &path)
{
  mOut->setText(path);
}

void TakeOfflineDialog::setVillage(const QString &name)
{
  const int k = mVillage->findText(name);
  if (k >= 0) mVillage->setCurrentIndex(k);
  mByVillage->setChecked(true);
}

void TakeOfflineDialog::useExtent(bool extent)
{
  if (extent && mExtent) mByExtent->setChecked(true);
  if (!extent) mByVillage->setChecked(true);
}

data::CheckoutRequest TakeOfflineDialog::request() const
{
  data::CheckoutRequest r;
  r.user = mUser->currentText().toStdString();
  r.out = mOut->text().trimmed().toStdString();
  if (mByExtent->isChecked() && mExtent)
    r.bbox = mExtent;
  else
    r.village = mVillage->currentText().toStdString();
  return r;
}

} // namespace app

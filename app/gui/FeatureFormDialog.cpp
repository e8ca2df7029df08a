#include "app/gui/FeatureFormDialog.h"

#include "app/gui/FeatureForm.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

namespace app {

FeatureFormDialog::FeatureFormDialog(const data::LayerDef &layer, const data::Feature &feature,
                                     const QString &title, QWidget *parent)
    : QDialog(parent)
    , mForm(new FeatureForm(layer, this))
    , mProblems(new QLabel(this))
{
  setObjectName(QStringLiteral("FeatureFormDialog"));
  setWindowTitle(title);
  auto *layout = new QVBoxLayout(this);
  mForm->setFeature(feature);
  layout->addWidget(mForm);
  mProblems->setStyleSheet(QStringLiteral("color: #b00020"));
  mProblems->setWordWrap(true);
  layout->addWidget(mProblems);
  auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
}

void FeatureFormDialog::accept()
{
  const QStringList problems = mForm->problems();
  if (!problems.isEmpty()) {
    mProblems->setText(problems.join(QStringLiteral("\n")));
    return;
  }
  QDialog::accept();
}

} // namespace app

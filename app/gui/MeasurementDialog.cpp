#include "app/gui/MeasurementDialog.h"

#include "layers/report/ReportData.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace app {

namespace {

QString L(bool zh, const char *zhText, const char *enText)
{
  return QString::fromUtf8(zh ? zhText : enText);
}

} // namespace

MeasurementDialog::MeasurementDialog(data::Store &store, const layers::Plan &plan, const QString &user,
                                     bool chinese, QWidget *parent)
    : QDialog(parent)
    , mStore(store)
    , mPlan(plan)
    , mUser(user)
    , mZh(chinese)
    , mTarget(new QComboBox(this))
    , mValue(new QDoubleSpinBox(this))
    , mDate(new QDateEdit(QDate::currentDate(), this))
    , mNote(new QLineEdit(this))
    , mGoal(new QLabel(this))
    , mError(new QLabel(this))
{
  setWindowTitle(L(chinese, "录入指标测量值", "Enter an indicator measurement"));
  for (const auto &t : mPlan.targets)
    if (!t.isLocated())
      mTarget->addItem(QString::fromStdString(layers::targetName(t, chinese)), QString::fromStdString(t.id));
  mTarget->setObjectName(QStringLiteral("target"));
  mValue->setObjectName(QStringLiteral("value"));
  mValue->setRange(-1e9, 1e9);
  mValue->setDecimals(2);
  mDate->setObjectName(QStringLiteral("date"));
  mDate->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
  mDate->setCalendarPopup(true);
  mNote->setObjectName(QStringLiteral("note"));
  mError->setObjectName(QStringLiteral("error"));
  mError->setStyleSheet(QStringLiteral("color: rgb(180,0,0);"));
  mError->setWordWrap(true);

  auto *form = new QFormLayout(this);
  form->addRow(L(chinese, "指标", "Target"), mTarget);
  form->addRow(QString(), mGoal);
  form->addRow(L(chinese, "测量值", "Value"), mValue);
  form->addRow(L(chinese, "日期", "Date"), mDate);
  form->addRow(L(chinese, "备注", "Note"), mNote);
  form->addRow(mError);
  auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
  form->addRow(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &MeasurementDialog::save);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(mTarget, &QComboBox::currentIndexChanged, this, &MeasurementDialog::showTarget);
  buttons->button(QDialogButtonBox::Save)->setEnabled(mTarget->count() > 0);
  showTarget();
}

void MeasurementDialog::showTarget()
{
  const layers::Target *t = mPlan.target(mTarget->currentData().toString().toStdString());
  if (!t) return;
  mGoal->setText(L(mZh, "要求 ", "Required ") + QString::fromLatin1(t->comparatorSymbol()) + " " +
                 QString::fromStdString(layers::formatNumber(t->goal, layers::valueDecimals(*t))) + " " +
                 QString::fromStdString(layers::targetUnit(*t, mZh)));
  mValue->setSuffix(" " + QString::fromStdString(layers::targetUnit(*t, mZh)));
}

void MeasurementDialog::setTarget(const QString &targetId)
{
  const int k = mTarget->findData(targetId);
  if (k >= 0) mTarget->setCurrentIndex(k);
}

void MeasurementDialog::setDate(const QDate &date)
{
  mDate->setDate(date);
}
void MeasurementDialog::setValue(double value)
{
  mValue->setValue(value);
}
void MeasurementDialog::setNote(const QString &note)
{
  mNote->setText(note);
}
QString MeasurementDialog::errorText() const
{
  return mError->text();
}

bool MeasurementDialog::save()
{
  mError->clear();
  const QString targetId = mTarget->currentData().toString();
  if (targetId.isEmpty()) {
    mError->setText(L(mZh, "本计划没有需要测量的指标。", "This plan has no indicator to measure."));
    return false;
  }
  data::Measurement m;
  m.targetId = targetId.toStdString();
  m.value = mValue->value();
  m.date = mDate->date().toString(Qt::ISODate).toStdString();
  m.user = mUser.toStdString();
  m.note = mNote->text().trimmed().toStdString();
  try {
    mSaved = mStore.addMeasurement(mUser.toStdString(), m);
  } catch (const std::exception &e) {
    mError->setText(QString::fromUtf8(e.what()));
    return false;
  }
  emit measurementAdded(targetId);
  accept();
  return true;
}

} // namespace app

#pragma once

#include "data/store/Store.h"
#include "layers/plan/Plan.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QDateEdit;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;

namespace app {

// A planner enters a measured value of an indicator target (a rate, AQI, PM2.5, accidents) for a
// date. Saving adds the measurement to the store in one transaction; a refusal (the user's role, a
// bad value) is shown in the dialog, which stays open, and nothing is written.
class MeasurementDialog : public QDialog
{
  Q_OBJECT
public:
  MeasurementDialog(data::Store &store, const layers::Plan &plan, const QString &user, bool chinese = true,
                    QWidget *parent = nullptr);

  void setTarget(const QString &targetId);
  void setDate(const QDate &date);
  void setValue(double value);
  void setNote(const QString &note);
  // The measurement stored by the last successful save.
  const std::optional<data::Measurement> &saved() const { return mSaved; }
  QString errorText() const;

public slots:
  // Validates and writes; returns true and accepts the dialog when stored.
  bool save();

signals:
  void measurementAdded(const QString &targetId);

private:
  void showTarget();

  data::Store &mStore;
  layers::Plan mPlan;
  QString mUser;
  bool mZh = true;
  std::optional<data::Measurement> mSaved;
  QComboBox *mTarget = nullptr;
  QDoubleSpinBox *mValue = nullptr;
  QDateEdit *mDate = nullptr;
  QLineEdit *mNote = nullptr;
  QLabel *mGoal = nullptr;
  QLabel *mError = nullptr;
};

} // namespace app

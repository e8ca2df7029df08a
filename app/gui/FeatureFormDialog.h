#pragma once

#include "data/store/Model.h"

#include <QDialog>

class QLabel;

namespace app {

class FeatureForm;

// The attribute form of one feature in a dialog; OK only when the form has no problems.
class FeatureFormDialog : public QDialog
{
public:
  FeatureFormDialog(const data::LayerDef &layer, const data::Feature &feature, const QString &title,
                    QWidget *parent);
  FeatureForm *form() const { return mForm; }
  void accept() override;

private:
  FeatureForm *mForm;
  QLabel *mProblems;
};

} // namespace app

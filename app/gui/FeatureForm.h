#pragma once

#include "data/store/Model.h"

#include <QWidget>

#include <map>
#include <string>

class QFormLayout;
class QLineEdit;

namespace app {

// An attribute form generated from a layer's schema: a text field per free field (numbers checked
// as typed), a drop-down per value list (water-quality class, ...), required fields marked and
// checked. Attributes the schema does not name are kept as they are.
class FeatureForm : public QWidget
{
  Q_OBJECT
public:
  explicit FeatureForm(const data::LayerDef &layer, QWidget *parent = nullptr);

  void setFeature(const data::Feature &feature);
  QString name() const;
  data::Attributes attributes() const; // typed values; an empty field is null
  // One line per problem, naming the field: a required field left empty, a number that is not one.
  QStringList problems() const;
  bool isValid() const { return problems().isEmpty(); }
  void setReadOnly(bool readOnly);
  // The editor of a field (QLineEdit or QComboBox), nullptr for an unknown field.
  QWidget *editor(const std::string &field) const;
  const data::LayerDef &layer() const { return mLayer; }

signals:
  void edited();

private:
  QString text(const data::FieldDef &field) const;

  data::LayerDef mLayer;
  data::Attributes mOriginal;
  QLineEdit *mName;
  std::map<std::string, QWidget *> mEditors;
};

} // namespace app

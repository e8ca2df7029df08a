#include "app/gui/FeatureForm.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

#include <algorithm>
#include <cmath>

namespace app {

namespace {

std::optional<std::int64_t> parseInteger(const QString &s)
{
  bool ok = false;
  const qlonglong v = s.trimmed().toLongLong(&ok);
  return ok ? std::optional<std::int64_t>(v) : std::nullopt;
}

std::optional<double> parseReal(const QString &s)
{
  bool ok = false;
  const double v = s.trimmed().toDouble(&ok);
  return ok && std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

QString fieldLabel(const data::FieldDef &f)
{
  QString label = QString::fromStdString(f.labelZh.empty() ? f.name : f.labelZh);
  if (!f.labelEn.empty() && f.labelEn != f.labelZh) label += " (" + QString::fromStdString(f.labelEn) + ")";
  return f.required ? label + " *" : label;
}

} // namespace

FeatureForm::FeatureForm(const data::LayerDef &layer, QWidget *parent)
    : QWidget(parent)
    , mLayer(layer)
    , mName(new QLineEdit(this))
{
  auto *form = new QFormLayout(this);
  form->addRow(tr("Name"), mName);
  connect(mName, &QLineEdit::textEdited, this, &FeatureForm::edited);
  for (const auto &f : mLayer.fields) {
    QWidget *editor = nullptr;
    if (!f.values.empty()) {
      auto *combo = new QComboBox(this);
      if (!f.required) combo->addItem(QString());
      for (const auto &v : f.values)
        combo->addItem(QString::fromStdString(v));
      connect(combo, &QComboBox::activated, this, &FeatureForm::edited);
      editor = combo;
    } else {
      auto *line = new QLineEdit(this);
      if (f.type == "integer")
        line->setPlaceholderText(tr("whole number"));
      else if (f.type == "real")
        line->setPlaceholderText(tr("number"));
      connect(line, &QLineEdit::textEdited, this, &FeatureForm::edited);
      editor = line;
    }
    editor->setObjectName(QString::fromStdString(f.name));
    mEditors[f.name] = editor;
    form->addRow(fieldLabel(f), editor);
  }
}

void FeatureForm::setFeature(const data::Feature &feature)
{
  mOriginal = feature.attributes;
  mName->setText(QString::fromStdString(feature.name));
  for (const auto &f : mLayer.fields) {
    const auto it = feature.attributes.find(f.name);
    const QString value =
        it == feature.attributes.end() ? QString() : QString::fromStdString(data::valueToString(it->second));
    QWidget *editor = mEditors.at(f.name);
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
      int i = combo->findText(value);
      // A stored value outside the list is shown, not silently replaced.
      if (i < 0 && !value.isEmpty()) {
        combo->addItem(value);
        i = combo->count() - 1;
      }
      combo->setCurrentIndex(std::max(i, 0));
    } else {
      static_cast<QLineEdit *>(editor)->setText(value);
    }
  }
}

QString FeatureForm::name() const
{
  return mName->text().trimmed();
}

QString FeatureForm::text(const data::FieldDef &field) const
{
  QWidget *editor = mEditors.at(field.name);
  if (auto *combo = qobject_cast<QComboBox *>(editor)) return combo->currentText().trimmed();
  return static_cast<QLineEdit *>(editor)->text().trimmed();
}

data::Attributes FeatureForm::attributes() const
{
  data::Attributes out = mOriginal;
  for (const auto &f : mLayer.fields) {
    const QString t = text(f);
    data::Value v;
    if (t.isEmpty())
      v = std::monostate{};
    else if (f.type == "integer" && parseInteger(t))
      v = *parseInteger(t);
    else if (f.type == "real" && parseReal(t))
      v = *parseReal(t);
    else
      v = t.toStdString();
    out[f.name] = v;
  }
  return out;
}

QStringList FeatureForm::problems() const
{
  QStringList out;
  for (const auto &f : mLayer.fields) {
    const QString t = text(f);
    const QString label = QString::fromStdString(f.name);
    if (t.isEmpty()) {
      if (f.required) out << tr("%1 is required").arg(label);
    } else if (f.type == "integer" && !parseInteger(t)) {
      out << tr("%1 must be a whole number, got '%2'").arg(label, t);
    } else if (f.type == "real" && !parseReal(t)) {
      out << tr("%1 must be a number, got '%2'").arg(label, t);
    }
  }
  return out;
}

void FeatureForm::setReadOnly(bool readOnly)
{
  mName->setReadOnly(readOnly);
  for (auto &[name, editor] : mEditors) {
    if (auto *line = qobject_cast<QLineEdit *>(editor))
      line->setReadOnly(readOnly);
    else
      editor->setEnabled(!readOnly);
  }
}

QWidget *FeatureForm::editor(const std::string &field) const
{
  const auto it = mEditors.find(field);
  return it == mEditors.end() ? nullptr : it->second;
}

} // namespace app

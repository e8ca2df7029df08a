#pragma once

#include <QLineEdit>

namespace app {

// The map scale as "1:N" in the status bar; typing a scale ("1:5000", "5000", "1:5,000") and
// pressing Enter asks the map to show it.
class ScaleEdit : public QLineEdit
{
  Q_OBJECT
public:
  explicit ScaleEdit(QWidget *parent = nullptr);
  void showScale(double scale);
  // N of "1:N" (commas and spaces allowed), or 0 when the text is not a scale.
  static double parse(const QString &text);

signals:
  void scaleEdited(double scale);
};

} // namespace app

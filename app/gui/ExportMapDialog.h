#pragma once

#include "layers/render/MapSettings.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QSpinBox;

namespace app {

// File ▸ Export map: where to (the suffix picks PNG, SVG or PDF), the size in pixels and dpi, a
// title and date, and whether to add the legend and the scale bar / north arrow / attribution.
class ExportMapDialog : public QDialog
{
  Q_OBJECT
public:
  ExportMapDialog(const layers::MapSettings &view, const QString &title, const QString &date,
                  QWidget *parent = nullptr);
  QString path() const;
  void setPath(const QString &path);
  // Whether the path was chosen in the file dialog, which asked before replacing a file.
  bool pathConfirmed() const;
  // The view's extent and options with the chosen size, dpi, title, date and furniture.
  layers::MapSettings settings() const;

private:
  layers::MapSettings mView;
  QLineEdit *mPath = nullptr;
  QString mConfirmed;
  QSpinBox *mWidth = nullptr;
  QSpinBox *mHeight = nullptr;
  QSpinBox *mDpi = nullptr;
  QLineEdit *mTitle = nullptr;
  QLineEdit *mDate = nullptr;
  QCheckBox *mLegend = nullptr;
  QCheckBox *mDecorations = nullptr;
};

} // namespace app

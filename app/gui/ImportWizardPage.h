#pragma once

#include <QWizard>
#include <QWizardPage>

#include <functional>

namespace app::wizard {

// A page whose completeness and set-up are given by the wizard.
class Page : public QWizardPage
{
public:
  std::function<bool()> complete;
  std::function<void()> init;
  std::function<void()> cleanup;
  bool isComplete() const override { return complete ? complete() : true; }
  void cleanupPage() override
  {
    if (cleanup) cleanup();
    QWizardPage::cleanupPage();
  }
  bool validatePage() override { return isComplete(); } // QWizard::next() does not check
  void initializePage() override
  {
    if (init) init();
  }
  void changed() { emit completeChanged(); }
};

inline Page *pageOf(QWizard *w, int id)
{
  return static_cast<Page *>(w->page(id));
}

} // namespace app::wizard

// The import wizard's work on the project: the dry run on a worker, cancelling it or the import,
// the preview on the map, and the wizard closing with its project.
#include "tests/app/ImportWizardFixture.h"

using namespace wizardtest;

TEST_F(ImportWizardTest, CancelLeavesTheProjectAsItWas)
{
  const std::string file = dir.file("toilets.geojson");
  writeText(file, kToilets);
  const std::size_t before = toilets();
  const std::size_t layers = window.store()->layers().size();
  app::ImportWizard *w = openOn(file);
  w->next();
  ASSERT_EQ(w->currentId(), app::ImportWizard::ValidationPage);
  ASSERT_TRUE(w->waitForDryRun());
  w->requestCancel(); // seen by the importer as soon as it starts
  w->next();
  ASSERT_TRUE(w->waitForImport());
  EXPECT_EQ(w->outcome(), app::ImportWizard::Outcome::Cancelled);
  EXPECT_EQ(toilets(), before);
  EXPECT_EQ(window.store()->layers().size(), layers);
  EXPECT_EQ(data::openProject(project)->featureCount("toilets"), before);
  EXPECT_TRUE(w->resultLabel()->text().contains(QStringLiteral("unchanged")) ||
              w->resultLabel()->text().contains(QStringLiteral("未改变")));
}

TEST_F(ImportWizardTest, DryRunRunsOnAWorkerAndTheWindowKeepsTicking)
{
  const std::string file = dir.file("toilets_big.geojson");
  writeText(file, manyToilets(20000));
  const std::size_t before = toilets();
  app::ImportWizard *w = openOn(file);
  int ticks = 0;
  QTimer timer;
  QObject::connect(&timer, &QTimer::timeout, [&] { ticks += w->dryRunRunning() ? 1 : 0; });
  timer.start(0);
  w->next();
  ASSERT_EQ(w->currentId(), app::ImportWizard::ValidationPage);
  // next() came back before the dry run ended: it runs on a worker, not in the GUI thread.
  EXPECT_TRUE(w->dryRunRunning());
  EXPECT_FALSE(w->dryRunReport().has_value());
  EXPECT_TRUE(w->cancelDryRunButton()->isEnabled());
  EXPECT_FALSE(w->currentPage()->isComplete()) << "no import before the report";
  ASSERT_TRUE(w->waitForDryRun(120000));
  EXPECT_GE(ticks, 1) << "the event loop ran while the dry run worked";
  ASSERT_TRUE(w->dryRunReport().has_value()) << w->reportView()->toPlainText().toStdString();
  EXPECT_EQ(w->dryRunReport()->read, 20000u);
  EXPECT_FALSE(w->cancelDryRunButton()->isEnabled());
  EXPECT_EQ(w->dryRunProgressBar()->value(), w->dryRunProgressBar()->maximum());
  EXPECT_TRUE(w->currentPage()->isComplete());
  EXPECT_EQ(toilets(), before);
}

TEST_F(ImportWizardTest, CancelDuringTheDryRunLeavesTheProjectUnchanged)
{
  const std::string file = dir.file("toilets_big.geojson");
  writeText(file, manyToilets(20000));
  const std::size_t before = toilets();
  const std::size_t overlays = window.canvas()->overlays().size();
  app::ImportWizard *w = openOn(file);
  QTimer timer; // Cancel, clicked from the event loop while the worker runs
  QObject::connect(&timer, &QTimer::timeout, [&] {
    if (w->dryRunRunning()) w->cancelDryRunButton()->click();
  });
  timer.start(0);
  w->next();
  ASSERT_TRUE(w->dryRunRunning());
  ASSERT_TRUE(w->waitForDryRun(120000));
  EXPECT_TRUE(w->dryRunCancelled());
  EXPECT_FALSE(w->dryRunReport().has_value());
  EXPECT_FALSE(w->currentPage()->isComplete());
  w->next();
  EXPECT_EQ(w->currentId(), app::ImportWizard::ValidationPage) << "nothing to import after a cancelled check";
  EXPECT_EQ(window.canvas()->overlays().size(), overlays) << "no preview of a cancelled check";
  EXPECT_EQ(toilets(), before);
  EXPECT_EQ(data::openProject(project)->featureCount("toilets"), before);
  // Back and Next checks again, to the end.
  timer.stop();
  w->back();
  w->next();
  ASSERT_TRUE(w->waitForDryRun(120000));
  ASSERT_TRUE(w->dryRunReport().has_value()) << w->reportView()->toPlainText().toStdString();
  EXPECT_TRUE(w->currentPage()->isComplete());
}

TEST_F(ImportWizardTest, ThePreviewIsOnTheMapAfterTheDryRunAndGoneWhenTheWizardCloses)
{
  const std::string file = dir.file("toilets.geojson");
  writeText(file, kToilets);
  app::MapCanvas *canvas = window.canvas();
  const std::size_t overlays = canvas->overlays().size();
  const gis::Envelope town = canvas->extent();
  app::ImportWizard *w = openOn(file);
  EXPECT_EQ(w->previewCount(), 0u);
  w->next();
  ASSERT_TRUE(w->waitForDryRun());
  EXPECT_EQ(w->previewCount(), 3u);
  EXPECT_EQ(canvas->overlays().size(), overlays + 1);
  // The canvas zoomed to the three points.
  const gis::Envelope view = canvas->extent();
  for (const gis::Point lonLat : {gis::Point{121.50, 31.05}, gis::Point{121.52, 31.07}}) {
    const gis::Point p = window.fieldController()->toMap(lonLat);
    EXPECT_TRUE(p.x > view.minX && p.x < view.maxX && p.y > view.minY && p.y < view.maxY);
  }
  EXPECT_LT(view.width() * view.height(), town.width() * town.height()) << "zoomed in from the whole town";
  // The overlay paints without trouble.
  QImage image(canvas->size(), QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::white);
  {
    QPainter painter(&image);
    canvas->overlays().back()->paint(painter, canvas->view());
  }
  int drawn = 0;
  for (int y = 0; y < image.height(); y += 2)
    for (int x = 0; x < image.width(); x += 2)
      drawn += image.pixel(x, y) != QColor(Qt::white).rgba();
  EXPECT_GT(drawn, 20) << "the three points are drawn";
  // Back drops the preview; Next brings it back; closing the wizard drops it.
  w->back();
  EXPECT_EQ(canvas->overlays().size(), overlays);
  w->next();
  ASSERT_TRUE(w->waitForDryRun());
  EXPECT_EQ(canvas->overlays().size(), overlays + 1);
  w->reject();
  EXPECT_EQ(canvas->overlays().size(), overlays);
}

TEST_F(ImportWizardTest, OpeningAnotherProjectClosesTheWizardAndItsPreview)
{
  const std::string file = dir.file("toilets.geojson");
  writeText(file, kToilets);
  const std::size_t overlays = window.canvas()->overlays().size();
  QPointer<app::ImportWizard> w = openOn(file);
  w->next();
  ASSERT_TRUE(w->waitForDryRun());
  EXPECT_EQ(w->previewCount(), 3u);
  const std::string other = testutil::sampleProjectCopy(dir, "other.planmap");
  ASSERT_TRUE(testutil::openAndWait(window, QString::fromStdString(other), true));
  QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
  EXPECT_TRUE(w.isNull() || !w->isVisible()) << "the wizard worked on the project that closed";
  EXPECT_EQ(window.canvas()->overlays().size(), overlays);
}

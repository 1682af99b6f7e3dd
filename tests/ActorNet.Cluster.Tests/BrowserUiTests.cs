using System.Text.RegularExpressions;
using ActorNet.Node.Tests;
using ActorNet.Rdd;
using Microsoft.Extensions.Configuration;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// The UI in a real browser (headless Chromium): the pages' script fetches the REST API and draws tables and the SVG
/// curves, checked in the DOM it builds, while a real job runs.
/// </summary>
[Collection(RddClusterCollection.Name)]
public sealed partial class BrowserUiTests
{
    [GeneratedRegex(@"ui: (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex UiLine();

    [GeneratedRegex(@"id=""loss-chart"" data-points=""(?<n>\d+)""")]
    private static partial Regex LossPoints();

    private static int Rows(string dom, string tableId)
    {
        var start = dom.IndexOf($"<table id=\"{tableId}\"", StringComparison.Ordinal);
        if (start < 0) return 0;
        var end = dom.IndexOf("</table>", start, StringComparison.Ordinal);
        return Regex.Matches(dom[start..end], "<tr>").Count - 1; // minus the header
    }

    [ChromiumFact]
    public async Task While_mnistapp_trains_on_local_cluster_the_pages_show_its_jobs_workers_and_a_growing_curve()
    {
        using var tiny = new TinyMnist(trainImages: 256, testImages: 40);
        var app = Path.Combine(AppContext.BaseDirectory, "MnistApp.dll");
        using var driver = NodeProcess.Start("submit", "--master", "local-cluster[2]", "--conf", "actornet.ui.enabled=true", "--conf", "actornet.ui.port=0",
            app, "--workers", "2", "--sync-interval", "1", "--rounds", "400", "--test-every", "1", "--threads", "1",
            "--data", tiny.DataFolder, "--out", Path.Combine(tiny.Folder, "run"));
        var url = UiLine().Match(await driver.WaitForLineAsync(l => UiLine().IsMatch(l), TimeSpan.FromSeconds(120))).Groups["url"].Value;

        // Wait for two rounds, then read the Training page twice: the curve has more points the second time.
        await driver.WaitForLineAsync(l => l.Contains("round 2: loss", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
        var first = await HeadlessChromium.DumpDomAsync(url + "/training/");
        var before = int.Parse(LossPoints().Match(first).Groups["n"].Value);
        Assert.Contains("id=\"accuracy-chart\"", first);
        Assert.Contains("model averaging", first);
        var lines = driver.LineCount;
        await driver.WaitForLineAsync(l => Regex.IsMatch(l, @"round \d+: loss"), TimeSpan.FromSeconds(120), after: lines);
        await driver.WaitForLineAsync(l => Regex.IsMatch(l, @"round \d+: loss"), TimeSpan.FromSeconds(120), after: driver.LineCount);
        var second = await HeadlessChromium.DumpDomAsync(url + "/training/");
        var after = int.Parse(LossPoints().Match(second).Groups["n"].Value);
        Assert.True(after > before, $"the loss curve had {before} points, then {after}");

        var jobs = await HeadlessChromium.DumpDomAsync(url + "/jobs/");
        Assert.True(Rows(jobs, "jobs") >= 1, "the Jobs page lists no job");
        var executors = await HeadlessChromium.DumpDomAsync(url + "/executors/");
        Assert.Equal(2, Rows(executors, "executors"));
        Assert.Equal(4, Rows(executors, "members")); // seed, two workers, the driver
    }

    [ChromiumFact]
    public async Task A_failed_tasks_message_appears_on_the_stages_page()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["actornet:ui:enabled"] = "true", ["actornet:ui:port"] = "0" }).Build();
        using var context = new ClusterContext("local[2,1]", "browser-failure", config);
        var marker = $"browser-visible-failure-{Guid.NewGuid():N}";
        Assert.ThrowsAny<Exception>(() => context.Parallelize(Enumerable.Range(0, 4), 2).Map(x => x == 2 ? throw new InvalidOperationException(marker) : x).Collect());
        var stages = await HeadlessChromium.DumpDomAsync(context.UiWebUrl + "/stages/");
        Assert.Contains("class=\"FAILED\"", stages);
        Assert.Contains($"System.InvalidOperationException: {marker}", stages);
        var jobs = await HeadlessChromium.DumpDomAsync(context.UiWebUrl + "/jobs/");
        Assert.Contains(marker, jobs);
    }
}

using System.Diagnostics;

namespace ActorNet.Cluster.Tests;

/// <summary>
/// Debian's <c>chromium</c>, headless: loads a page, runs its script for a while, and returns the DOM it built
/// (<c>--dump-dom</c>) or a screenshot. Found on PATH (chromium, chromium-browser) or at $ACTORNET_CHROMIUM.
/// </summary>
internal static class HeadlessChromium
{
    public const string MissingReason = "Debian's chromium is not installed (apt-get install chromium; .ci/run installs it best-effort), so the UI is not tested in a browser";

    public static string? Executable { get; } = Find();

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("ACTORNET_CHROMIUM") is { Length: > 0 } given && File.Exists(given)) return given;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (var name in new[] { "chromium", "chromium-browser" })
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }

    /// <summary>The DOM of <paramref name="url"/> after its script ran for <paramref name="scriptMilliseconds"/> of the page's time.</summary>
    public static Task<string> DumpDomAsync(string url, int scriptMilliseconds = 3000) =>
        RunAsync(["--dump-dom", $"--virtual-time-budget={scriptMilliseconds}", url]);

    /// <summary>Saves a screenshot of <paramref name="url"/> as PNG.</summary>
    public static Task<string> ScreenshotAsync(string url, string pngPath, int scriptMilliseconds = 3000) =>
        RunAsync([$"--screenshot={pngPath}", "--window-size=1280,900", "--hide-scrollbars", $"--virtual-time-budget={scriptMilliseconds}", url]);

    private static async Task<string> RunAsync(string[] args)
    {
        var profile = Path.Combine(Path.GetTempPath(), $"actornet-chromium-{Guid.NewGuid():N}");
        var info = new ProcessStartInfo(Executable ?? throw new InvalidOperationException(MissingReason))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // --no-sandbox: the suite may run as root (CI containers), where Chromium's sandbox refuses to start.
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", $"--user-data-dir={profile}" }) info.ArgumentList.Add(a);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start chromium");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A crash handler still holds a file; the folder is in temp.
            }
        }
        var dom = await stdout;
        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {await stderr}");
        return dom;
    }
}

/// <summary>A fact that needs a browser: skipped, with what to install, where chromium is missing.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Executable is null) Skip = HeadlessChromium.MissingReason;
    }
}

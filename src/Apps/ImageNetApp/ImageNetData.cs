namespace ActorNet.ImageNetApp;

/// <summary>
/// The data layout SparkNet's ImageNet upload script produced: a folder with the label lists
/// <c>train.txt</c> and <c>val.txt</c> (<c>&lt;file name&gt; &lt;label&gt;</c> per line) and the folders
/// <c>train/</c> and <c>val/</c> of tar shards of JPEGs. Each tar becomes one partition, read by the worker
/// that computes it (the folder must exist on every worker).
/// </summary>
internal static class ImageNetData
{
    public const string Expected =
        "train.txt and val.txt ('<file name> <label>' per line) and the folders train/ and val/ holding tar shards (*.tar) of JPEG files, the layout SparkNet's ImageNet upload script produced";

    /// <summary>The full path of <paramref name="folder"/> and its train and val tars (sorted), or null after naming on <paramref name="error"/> what is missing.</summary>
    public static (string Folder, string[] TrainTars, string[] ValTars)? Locate(string folder, TextWriter error)
    {
        if (!Directory.Exists(folder))
        {
            error.WriteLine($"ImageNetApp: data folder {folder} does not exist; it should hold {Expected}. Pass it with --data DIR.");
            return null;
        }
        var missing = new List<string>();
        foreach (string list in new[] { "train.txt", "val.txt" })
            if (!File.Exists(Path.Combine(folder, list))) missing.Add(list);
        string[] train = Tars(folder, "train", missing), val = Tars(folder, "val", missing);
        if (missing.Count > 0)
        {
            error.WriteLine($"ImageNetApp: {folder} lacks {string.Join(", ", missing)}; it should hold {Expected}.");
            return null;
        }
        return (Path.GetFullPath(folder), train, val);
    }

    private static string[] Tars(string folder, string name, List<string> missing)
    {
        string dir = Path.Combine(folder, name);
        if (!Directory.Exists(dir))
        {
            missing.Add($"{name}/ (a folder of *.tar shards)");
            return [];
        }
        string[] tars = [.. Directory.GetFiles(dir, "*.tar").Select(Path.GetFullPath).Order(StringComparer.Ordinal)];
        if (tars.Length == 0) missing.Add($"{name}/*.tar (the folder {dir} has no tar shards)");
        return tars;
    }
}

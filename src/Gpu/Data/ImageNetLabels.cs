namespace ActorNet.Gpu;

/// <summary>
/// An ImageNet label list (<c>train.txt</c> / <c>val.txt</c> as Caffe's <c>get_ilsvrc_aux.sh</c> and
/// SparkNet's upload script produced): one <c>&lt;file name&gt; &lt;label&gt;</c> per line. A tar entry is
/// labelled by its full name (without a leading <c>./</c>) or, failing that, by its file name alone, so a
/// list of <c>n01440764/n01440764_10026.JPEG 0</c> lines labels a tar holding
/// <c>n01440764_10026.JPEG</c> and the other way round.
/// </summary>
public sealed class ImageNetLabels
{
    private readonly Dictionary<string, int> _byName;
    private readonly Dictionary<string, int> _byFileName;

    private ImageNetLabels(Dictionary<string, int> byName)
    {
        _byName = byName;
        _byFileName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, label) in byName) _byFileName.TryAdd(FileName(name), label);
    }

    /// <summary>Labelled names in the list.</summary>
    public int Count => _byName.Count;

    /// <summary>
    /// Reads a label list. Blank lines are skipped; a line that is not a name and a non-negative integer,
    /// or a name listed twice, is a <see cref="FormatException"/> naming the file and line.
    /// </summary>
    public static ImageNetLabels Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            string[] parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int label))
                throw new FormatException($"{path}:{lineNumber}: expected '<file name> <label>' with a non-negative integer label, got '{line.Trim()}'");
            string name = Normalize(parts[0]);
            if (!labels.TryAdd(name, label))
                throw new FormatException($"{path}:{lineNumber}: '{name}' is listed twice");
        }
        return new ImageNetLabels(labels);
    }

    /// <summary>The label of tar entry <paramref name="entryName"/>, or null when the list does not name it.</summary>
    public int? Find(string entryName)
    {
        ArgumentNullException.ThrowIfNull(entryName);
        string name = Normalize(entryName);
        if (_byName.TryGetValue(name, out int label)) return label;
        return _byFileName.TryGetValue(FileName(name), out label) ? label : null;
    }

    private static string Normalize(string name) => name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;

    private static string FileName(string name) => name[(name.LastIndexOf('/') + 1)..];
}

using System.Globalization;
using ActorNet.Gpu;

namespace ActorNet.Training.Internal;

/// <summary>
/// A training run's checkpoint: the averaged weights after a round (<c>round-N.weights</c>, in
/// <see cref="WeightCollection"/>'s format) and <c>latest</c>, naming the last complete one. The file is
/// written to a temporary name and renamed, so a crash mid-write leaves the previous checkpoint intact.
/// </summary>
internal sealed record TrainingCheckpoint(int Round, WeightCollection Weights)
{
    private const string LatestFile = "latest";

    public static void Write(string directory, int round, WeightCollection weights)
    {
        Directory.CreateDirectory(directory);
        string name = $"round-{round}.weights";
        string temporary = Path.Combine(directory, name + ".tmp");
        File.WriteAllBytes(temporary, weights.ToBytes());
        File.Move(temporary, Path.Combine(directory, name), overwrite: true);
        File.WriteAllText(Path.Combine(directory, LatestFile + ".tmp"), round.ToString(CultureInfo.InvariantCulture));
        File.Move(Path.Combine(directory, LatestFile + ".tmp"), Path.Combine(directory, LatestFile), overwrite: true);
    }

    /// <summary>The latest checkpoint in <paramref name="directory"/>, or null when there is none.</summary>
    public static TrainingCheckpoint? Latest(string directory)
    {
        string latest = Path.Combine(directory, LatestFile);
        if (!File.Exists(latest)) return null;
        string text = File.ReadAllText(latest).Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int round))
            throw new InvalidDataException($"{latest}: expected a round number, found '{text}'.");
        string path = Path.Combine(directory, $"round-{round}.weights");
        return new TrainingCheckpoint(round, WeightCollection.FromBytes(File.ReadAllBytes(path)));
    }
}

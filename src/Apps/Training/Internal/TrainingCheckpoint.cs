using System.Globalization;
using ActorNet.Gpu;
using Google.Protobuf;

namespace ActorNet.Training.Internal;

/// <summary>
/// A training run's checkpoint after a round: the weights (<c>round-N.weights</c>, in <see cref="WeightCollection"/>'s
/// format), the solver states (<c>round-N-P.solverstate</c>, Caffe's SolverState: the cluster's iteration and the
/// momentum history; one per worker for model averaging, whose workers keep their own, otherwise one) and
/// <c>latest</c>, naming the last complete round. Every file is written durably (<see cref="DurableFile"/>: a temporary
/// name, flushed, renamed, the folder flushed), and <c>latest</c> last, so a crash mid-write leaves the previous
/// checkpoint intact.
/// </summary>
internal sealed record TrainingCheckpoint(int Round, WeightCollection Weights, IReadOnlyList<SavedSolverState> States)
{
    private const string LatestFile = "latest";

    public static void Write(string directory, int round, WeightCollection weights, IReadOnlyList<SolverState> states)
    {
        Directory.CreateDirectory(directory);
        for (int p = 0; p < states.Count; p++) WriteAtomically(directory, StateFile(round, p), states[p].ToByteArray());
        WriteAtomically(directory, WeightsFile(round), weights.ToBytes());
        WriteAtomically(directory, LatestFile, System.Text.Encoding.ASCII.GetBytes(round.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The latest checkpoint in <paramref name="directory"/>, or null when there is none.</summary>
    /// <exception cref="DataFormatException">A file of the checkpoint is not what it should be (the file is named).</exception>
    public static TrainingCheckpoint? Latest(string directory)
    {
        string latest = Path.Combine(directory, LatestFile);
        if (!File.Exists(latest)) return null;
        string text = File.ReadAllText(latest).Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int round))
            throw new DataFormatException(latest, 0, $"expected a round number, found '{text}'");
        var weights = WeightCollection.Read(Path.Combine(directory, WeightsFile(round)));
        var states = new List<SavedSolverState>();
        // A checkpoint written before solver states were kept has none: training resumes with fresh momentum.
        for (int p = 0; File.Exists(Path.Combine(directory, StateFile(round, p))); p++)
        {
            string path = Path.Combine(directory, StateFile(round, p));
            states.Add(new SavedSolverState(path, CaffeModel.ReadSolverState(path)));
        }
        return new TrainingCheckpoint(round, weights, states);
    }

    private static string WeightsFile(int round) => string.Create(CultureInfo.InvariantCulture, $"round-{round}.weights");

    private static string StateFile(int round, int part) => string.Create(CultureInfo.InvariantCulture, $"round-{round}-{part}.solverstate");

    private static void WriteAtomically(string directory, string name, byte[] bytes) =>
        DurableFile.Write(Path.Combine(directory, name), bytes);
}

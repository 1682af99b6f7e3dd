namespace ActorNet.Rdd.Events;

// The engine knows no neural nets: these carry numbers a trainer above it (ActorNet.Training) reports, for the UI's
// Training page, the REST API's /training and the training metrics.

/// <summary>A distributed training run started.</summary>
/// <param name="Time">When it started.</param>
/// <param name="Mode">The combining mode as words ("model averaging every 5 steps").</param>
/// <param name="Workers">K, the workers (partitions) training at once.</param>
/// <param name="StepsPerRound">tau: iterations each worker runs per round.</param>
/// <param name="LearningRate">The workers' learning rate (after scaling).</param>
/// <param name="BatchSize">Images per worker iteration.</param>
/// <param name="Rounds">The last round the run goes to.</param>
public sealed record TrainingStarted(DateTimeOffset Time, string Mode, int Workers, int StepsPerRound, double LearningRate, int BatchSize, int Rounds)
    : ListenerEvent(Time);

/// <summary>A training round finished.</summary>
/// <param name="Time">When it finished.</param>
/// <param name="Round">The round, from 1.</param>
/// <param name="Seconds">Seconds since the run started.</param>
/// <param name="Loss">The workers' mean training loss over the round.</param>
/// <param name="TestAccuracy">Test accuracy (a fraction 0–1) when tested after this round, else null.</param>
/// <param name="ImagesPerSecond">Training images the workers went through per second in this round.</param>
/// <param name="Workers">Workers that trained in this round.</param>
public sealed record TrainingRoundEnded(DateTimeOffset Time, int Round, double Seconds, double Loss, double? TestAccuracy, double ImagesPerSecond, int Workers)
    : ListenerEvent(Time);

/// <summary>A round failed (a worker was lost) and training goes on from an earlier round.</summary>
/// <param name="Time">When the recovery started.</param>
/// <param name="FailedRound">The round that failed.</param>
/// <param name="RestartRound">The round training continues from.</param>
/// <param name="Reason">Why the round failed.</param>
public sealed record TrainingRecovered(DateTimeOffset Time, int FailedRound, int RestartRound, string Reason) : ListenerEvent(Time);

/// <summary>A checkpoint of the weights was written.</summary>
/// <param name="Time">When it was written.</param>
/// <param name="Round">The round it holds.</param>
/// <param name="Directory">Where.</param>
public sealed record TrainingCheckpointWritten(DateTimeOffset Time, int Round, string Directory) : ListenerEvent(Time);

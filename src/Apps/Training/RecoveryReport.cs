namespace ActorNet.Training;

/// <summary>A failed round, as <see cref="DistributedTrainer.Recovering"/> reports it.</summary>
/// <param name="FailedRound">The round that failed.</param>
/// <param name="RestartRound">The round training continues from (the one after the last weights the driver read).</param>
/// <param name="Reason">Why the round failed.</param>
public sealed record RecoveryReport(int FailedRound, int RestartRound, string Reason);

using ActorNet.Rdd.Shuffle;
using ActorNet.Rdd.Storage;

namespace ActorNet.Rdd.Scheduling;

internal sealed partial class DagScheduler
{
    private ResultStage CreateResultStage(IRdd rdd, Func<TaskContext, int, object?> func, int[] partitions, int jobId)
    {
        var parents = GetOrCreateParentStages(rdd, jobId);
        var stage = new ResultStage(_nextStageId++, rdd, func, partitions, parents, jobId);
        Register(stage, jobId);
        return stage;
    }

    private void Register(Stage stage, int jobId)
    {
        _stages[stage.Id] = stage;
        AddJob(stage, jobId);
    }

    private static void AddJob(Stage stage, int jobId)
    {
        if (!stage.JobIds.Add(jobId)) return;
        foreach (var parent in stage.Parents) AddJob(parent, jobId);
    }

    /// <summary>The shuffle dependencies reachable from <paramref name="rdd"/> through narrow dependencies only.</summary>
    private static List<ShuffleDependency> ShuffleDependenciesOf(IRdd rdd)
    {
        var result = new List<ShuffleDependency>();
        var visited = new HashSet<IRdd>();
        var stack = new Stack<IRdd>([rdd]);
        while (stack.TryPop(out var r))
        {
            if (!visited.Add(r)) continue;
            foreach (var dep in r.Dependencies)
            {
                if (dep is ShuffleDependency s) result.Add(s);
                else stack.Push(dep.Rdd);
            }
        }
        return result;
    }

    private List<Stage> GetOrCreateParentStages(IRdd rdd, int jobId) =>
        [.. ShuffleDependenciesOf(rdd).Select(d => (Stage)GetOrCreateShuffleMapStage(d, jobId))];

    private ShuffleMapStage GetOrCreateShuffleMapStage(ShuffleDependency dependency, int jobId)
    {
        if (_shuffleStages.TryGetValue(dependency.ShuffleId, out var existing))
        {
            AddJob(existing, jobId);
            return existing;
        }
        var parents = GetOrCreateParentStages(dependency.Rdd, jobId);
        var stage = new ShuffleMapStage(_nextStageId++, dependency.Rdd, dependency.Rdd.Partitions.Length, parents, jobId, dependency, _mapOutputs);
        _shuffleStages[dependency.ShuffleId] = stage;
        Register(stage, jobId);
        return stage;
    }

    /// <summary>Parent stages whose outputs are missing; an RDD whose partitions are all cached needs no parents.</summary>
    private List<Stage> GetMissingParentStages(Stage stage)
    {
        var missing = new HashSet<Stage>();
        var visited = new HashSet<IRdd>();
        var stack = new Stack<IRdd>([stage.Rdd]);
        while (stack.TryPop(out var rdd))
        {
            if (!visited.Add(rdd) || FullyCached(rdd)) continue;
            foreach (var dep in rdd.Dependencies)
            {
                if (dep is ShuffleDependency s)
                {
                    var mapStage = GetOrCreateShuffleMapStage(s, stage.FirstJobId);
                    if (!mapStage.IsAvailable) missing.Add(mapStage);
                }
                else stack.Push(dep.Rdd);
            }
        }
        return [.. missing.OrderBy(s => s.Id)];
    }

    private bool FullyCached(IRdd rdd)
    {
        if (!rdd.StorageLevel.IsValid) return false;
        var n = rdd.Partitions.Length;
        for (var p = 0; p < n; p++)
            if (_blocks.Locations(new BlockId(rdd.Id, p)).Count == 0) return false;
        return true;
    }

    private ActiveJob? ActiveJobFor(Stage stage) =>
        stage.JobIds.Where(_jobs.ContainsKey).Select(id => _jobs[id]).OrderBy(j => j.JobId).FirstOrDefault();

    private void SubmitStage(Stage stage)
    {
        if (ActiveJobFor(stage) is null) { AbortStage(stage, new RddJobException($"No active job for stage {stage.Id}")); return; }
        if (_waiting.Contains(stage) || _running.Contains(stage) || _failed.Contains(stage)) return;
        var missing = GetMissingParentStages(stage);
        if (missing.Count == 0)
        {
            SubmitMissingTasks(stage);
            return;
        }
        foreach (var parent in missing) SubmitStage(parent);
        _waiting.Add(stage);
    }

    private void SubmitMissingTasks(Stage stage)
    {
        var job = ActiveJobFor(stage)!;
        var partitions = stage.FindMissingPartitions();
        var attempt = stage.NewAttempt();
        stage.PendingPartitions.Clear();
        List<SchedulerTask> tasks;
        try
        {
            tasks = stage switch
            {
                ShuffleMapStage m => [.. partitions.Select(p => (SchedulerTask)new ShuffleMapTask(stage.Id, attempt, m.Dependency, p, PreferredLocations(stage.Rdd, p)))],
                ResultStage r => [.. Enumerable.Range(0, r.Partitions.Length).Where(i => !r.Job!.Finished[i])
                    .Select(i => (SchedulerTask)new ResultTask(stage.Id, attempt, r.Func, r.Partitions[i], i, PreferredLocations(stage.Rdd, r.Partitions[i])))],
                _ => throw new InvalidOperationException($"Unknown stage kind {stage.GetType().Name}"),
            };
        }
        catch (Exception e)
        {
            AbortStage(stage, new RddJobException($"Task creation failed for stage {stage.Id}: {e.Message}", e.GetType().FullName, e.Message, e.ToString()));
            return;
        }
        if (tasks.Count > 0)
        {
            // Spark serializes each stage attempt's shared part before launching it, in local mode too: a function
            // capturing something that cannot be sent fails here, on the driver, before any task runs. The local
            // backend still runs the original objects; a cluster backend ships these bytes (TaskBinary.SerializeShared).
            SerializedTaskBinary binary;
            try
            {
                binary = TaskBinary.Prepare(tasks[0]);
            }
            catch (TaskNotSerializableException e)
            {
                AbortStage(stage, e);
                return;
            }
            catch (Exception e)
            {
                AbortStage(stage, new RddJobException($"Task serialization failed for stage {stage.Id}: {e.Message}", e.GetType().FullName, e.Message, e.ToString()));
                return;
            }
            foreach (var t in tasks) t.Binary = binary;
        }
        _running.Add(stage);
        _bus?.Post(new Events.StageSubmitted(_bus.Now, stage.Id, attempt, stage.Rdd.Describe(), tasks.Count, [.. stage.JobIds], stage.Rdd.Id, stage is ShuffleMapStage));
        if (tasks.Count == 0)
        {
            StageFinished(stage);
            SubmitWaitingChildStages(stage);
            return;
        }
        foreach (var t in tasks) stage.PendingPartitions.Add(t.PartitionId);
        _taskScheduler.Submit(new TaskSet(tasks, stage.Id, attempt, job.JobId));
    }

    /// <summary>
    /// When a job will run map stages before its result stage, serializes every stage it will run first, so that a
    /// capture that cannot be sent fails the action before any task runs (Spark checks each function when the
    /// operator is called). A job of one stage is checked when that stage is submitted. Returns the error, or null.
    /// </summary>
    private Exception? CheckStagesBeforeRunning(ResultStage finalStage)
    {
        var missing = GetMissingParentStages(finalStage);
        if (missing.Count == 0) return null;
        var pending = new Stack<Stage>([finalStage, .. missing]);
        var seen = new HashSet<Stage>();
        while (pending.TryPop(out var stage))
        {
            if (!seen.Add(stage)) continue;
            if (stage is ShuffleMapStage && stage != finalStage)
                foreach (var parent in GetMissingParentStages(stage)) pending.Push(parent);
            SchedulerTask probe = stage switch
            {
                ShuffleMapStage m => new ShuffleMapTask(m.Id, 0, m.Dependency, 0, []),
                ResultStage r => new ResultTask(r.Id, 0, r.Func, r.Partitions[0], 0, []),
                _ => throw new InvalidOperationException($"Unknown stage kind {stage.GetType().Name}"),
            };
            try
            {
                TaskBinary.Prepare(probe);
            }
            catch (TaskNotSerializableException e)
            {
                return e;
            }
            catch (Exception e)
            {
                return new RddJobException($"Task serialization failed for stage {stage.Id}: {e.Message}", e.GetType().FullName, e.Message, e.ToString());
            }
        }
        return null;
    }

    private IReadOnlyList<TaskLocation> PreferredLocations(IRdd rdd, int partition)
    {
        var visited = new HashSet<(IRdd, int)>();
        return Locate(rdd, partition);

        IReadOnlyList<TaskLocation> Locate(IRdd r, int p)
        {
            if (!visited.Add((r, p))) return [];
            if (r.StorageLevel.IsValid)
            {
                var cached = _blocks.Locations(new BlockId(r.Id, p));
                if (cached.Count > 0) return [.. cached.Select(e => new TaskLocation(_taskScheduler.HostOf(e), e))];
            }
            var own = r.PreferredLocations(r.Partitions[p]);
            if (own.Count > 0) return own;
            foreach (var dep in r.Dependencies)
            {
                if (dep is not NarrowDependency narrow) continue;
                foreach (var parent in narrow.GetParents(p))
                {
                    var locs = Locate(dep.Rdd, parent);
                    if (locs.Count > 0) return locs;
                }
            }
            return [];
        }
    }

    private void SubmitWaitingChildStages(Stage parent)
    {
        var ready = _waiting.Where(s => s.Parents.Contains(parent)).OrderBy(s => s.FirstJobId).ToArray();
        foreach (var child in ready)
        {
            _waiting.Remove(child);
            SubmitStage(child);
        }
    }

    private void StageFinished(Stage stage)
    {
        if (_running.Remove(stage)) _bus?.Post(new Events.StageCompleted(_bus.Now, stage.Id, stage.LatestAttempt, null));
    }
}

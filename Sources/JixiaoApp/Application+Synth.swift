import Foundation
import JixiaoDocuments
import JixiaoModel
import JixiaoStore

extension Application {
    /// Generates departments with targets and actuals (the same for the same seed) into the store.
    public func synthesize(_ synth: Synthesizer, progress: ProgressHandler? = nil) async throws {
        try authorize(.administer)
        let total = synth.departments * synth.years
        var done = 0
        for year in synth.allYears {
            for i in 0..<synth.departments {
                let d = synth.department(index: i, year: year)
                _ = try await store.importTargets(PreparedTargets(d), source: ImportSource(fileName: "synth --seed \(synth.seed)", importedAt: clock()))
                _ = try await store.recordActuals(synth.actuals(d), by: "synth", at: clock())
                done += 1
                progress?(.items(label: "生成", done: done, total: total))
            }
        }
    }
}

/// Generated data written as files to import: per year a folder of target csv files and one of
/// actuals csv files, one file per department.
public enum SynthFiles {
    public static func write(_ synth: Synthesizer, to dir: URL, progress: ProgressHandler? = nil) throws {
        let total = synth.departments * synth.years
        var done = 0
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for year in synth.allYears {
            let targets = dir.appendingPathComponent("targets-\(year)"), actuals = dir.appendingPathComponent("actuals-\(year)")
            try FileManager.default.createDirectory(at: targets, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: actuals, withIntermediateDirectories: true)
            for i in 0..<synth.departments {
                let d = synth.department(index: i, year: year)
                try OutputFile.write(Data(TargetsCSV.write([d]).utf8), to: targets.appendingPathComponent("\(d.code).csv"))
                try OutputFile.write(Data(Synthesizer.actualsCSV(synth.actuals(d)).utf8), to: actuals.appendingPathComponent("\(d.code).csv"))
                done += 1
                progress?(.items(label: "生成", done: done, total: total))
            }
        }
    }
}

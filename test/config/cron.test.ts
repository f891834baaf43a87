import { cronProblem } from "../../config/cron";

describe("Harbor's six-field cron", () => {
    test.each(["0 0 3 * * 6", "0 */15 * * * *", "0 0 0 1,15 * ?", "0 30 2 * jan-mar sat", "0 0 9-17 * * mon-fri"])("%s schedules", (cron) => {
        expect(cronProblem(cron)).toBeUndefined();
    });
    test.each([
        ["0 0 3 * *", "5 field(s); a schedule has six, seconds first (e.g. 0 0 3 * * 6: Saturdays at 03:00)"],
        ["0 0 27 * * 6", 'the hours field "27": hours run from 0 to 23'],
        ["0 60 3 * * 6", 'the minutes field "60": minutes run from 0 to 59'],
        ["0 0 3 0 * 6", 'the day of month field "0": day of month run from 1 to 31'],
        ["0 0 3 * 13 6", 'the month field "13": month run from 1 to 12'],
        ["0 0 3 * * 7", 'the day of week field "7": day of week run from 0 to 6'],
        ["0 */0 3 * * 6", 'the minutes field "*/0": a step is a whole number above 0'],
        ["0 0 weekly * * 6", 'the hours field "weekly": hours run from 0 to 23'],
    ])("%s: %s", (cron, problem) => {
        expect(cronProblem(cron)).toBe(problem);
    });
});

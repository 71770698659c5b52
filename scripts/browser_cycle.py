#!/usr/bin/env python3
"""The filing cycle in a real browser (issue 19): headless Chromium driven by selenium against a
running `jixiao serve --demo`. The unit fills two projects (one invalid value first, its message
read beside the field), submits; the bureau returns it with a comment; the unit sees the comment,
fixes, resubmits; the bureau adjusts one score and approves; the unit downloads the docx.

A screenshot of each step goes to --shots. Any console error (a CSP violation included) fails the
run. Exit 0 when every step passed.

    python3 scripts/browser_cycle.py --url http://127.0.0.1:8080 --unit unit-342001:PASS \
        --bureau bureau:PASS --shots /tmp/shots
"""
import argparse
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

BUS = "13091626P00024110002A"      # 公交补贴: 群众满意度 86 % needs a reason
CITY = "13091626P00016110003L"     # 城管综合治理
WASTE = "13091626P00024310002M"    # 垃圾清运: the bureau adjusts its 预算执行率


class Cycle:
    def __init__(self, args):
        self.url = args.url.rstrip("/")
        self.shots = args.shots
        self.downloads = os.path.join(args.shots, "downloads")
        os.makedirs(self.downloads, exist_ok=True)
        self.unit = args.unit.split(":", 1)
        self.bureau = args.bureau.split(":", 1)
        self.console_errors = []
        self.step = 0
        options = webdriver.ChromeOptions()
        options.binary_location = args.chromium
        for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN", "--window-size=1280,1000",
                     "--disable-gpu", "--no-first-run", "--disable-extensions"]:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        options.add_experimental_option("prefs", {"download.default_directory": self.downloads, "download.prompt_for_download": False})
        self.driver = webdriver.Chrome(service=Service(executable_path=args.chromedriver), options=options)
        self.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": self.downloads})

    # helpers
    def check_console(self, where):
        for entry in self.driver.get_log("browser"):
            if entry.get("level") == "SEVERE":
                self.console_errors.append(f"{where}: {entry.get('message')}")

    def open(self, path):
        self.driver.get(self.url + path)
        self.check_console(path)

    def shot(self, name):
        self.step += 1
        height = self.driver.execute_script("return Math.max(document.body.scrollHeight, 600)")
        self.driver.set_window_size(1280, min(int(height) + 40, 3200))
        path = os.path.join(self.shots, f"{self.step:02d}-{name}.png")
        self.driver.save_screenshot(path)
        self.driver.set_window_size(1280, 1000)
        print(f"screenshot {path}")

    @staticmethod
    def retrying(action):
        """Runs `action`, again (up to 5 times) when the page was replaced under it: on a loaded
        machine a find and the use of what it found can straddle a navigation."""
        for attempt in range(5):
            try:
                return action()
            except (StaleElementReferenceException, WebDriverException) as e:
                transient = isinstance(e, StaleElementReferenceException) or "does not belong to the document" in str(e)
                if not transient or attempt == 4:
                    raise
                time.sleep(0.3)

    def text(self):
        return self.retrying(lambda: self.driver.find_element(By.TAG_NAME, "body").text)

    def expect(self, condition, message):
        if not condition:
            raise AssertionError(message + f"\n--- page {self.driver.current_url} ---\n" + self.text()[:1500])

    def fill(self, css, value):
        def act():
            element = self.driver.find_element(By.CSS_SELECTOR, css)
            element.clear()
            element.send_keys(value)
        self.retrying(act)

    def click(self, css):
        self.navigate(lambda: self.driver.find_element(By.CSS_SELECTOR, css))
        self.check_console(css)

    def navigate(self, find):
        """Clicks what `find` finds, which loads a new page, and waits until the new page is there."""
        def act():
            old = self.driver.find_element(By.TAG_NAME, "html")
            find().click()
            return old
        old = self.retrying(act)

        def replaced(_):
            # Chromium answers a node of a page being replaced with "stale" or with "does not
            # belong to the document": both mean the old page is gone.
            try:
                old.tag_name
                return False
            except (StaleElementReferenceException, WebDriverException):
                return True
        WebDriverWait(self.driver, 30).until(replaced)
        WebDriverWait(self.driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")

    def login(self, who, shot=None):
        self.open("/login")
        self.fill("input[name=name]", who[0])
        self.fill("input[name=password]", who[1])
        if shot:
            self.shot(shot)
        self.click("form[action='/login'] button[type=submit]")
        self.expect("退出" in self.text(), f"login as {who[0]} failed")

    def logout(self):
        self.click("nav form[action='/logout'] button")
        self.expect("已退出" in self.text(), "logout failed")

    def save_form(self):
        self.click("form.selfeval button[name=save]")

    # the cycle
    def run(self):
        d = self.driver
        self.login(self.unit, shot="login")
        self.expect("公交补贴" in self.text() and "提交前须处理 1 项" in self.text(), "unit home lacks the projects or the refusal count")
        self.shot("unit-home")

        # Project 1: an invalid 全年执行数 first, its message beside the field; the missing reason filled.
        self.navigate(lambda: d.find_element(By.LINK_TEXT, "公交补贴"))
        self.check_console("公交补贴")
        self.fill("#row-executed input[name=executed]", "待定")
        self.fill("textarea[name='i4.reason']", "部分乘客对高峰时段班次不满意（D07），已协调公交公司加密班次")
        self.save_form()
        error = self.retrying(lambda: d.find_element(By.CSS_SELECTOR, "#row-executed .field-error").text)
        self.expect("全年执行数应为金额" in error and "待定" in error, f"message beside the field: {error!r}")
        invalid = self.retrying(lambda: d.find_element(By.CSS_SELECTOR, "#row-executed input[name=executed]").get_attribute("aria-invalid"))
        self.expect(invalid == "true", "field not marked invalid")
        self.shot("invalid-value-message")
        self.fill("#row-executed input[name=executed]", "30.00")
        self.save_form()
        self.expect("已保存" in self.text(), "project 1 not saved")
        self.shot("form-saved-with-score")

        # Project 2: the overall goal's 实际完成情况.
        self.open(f"/projects/{CITY}")
        self.fill("textarea[name=goal]", "城区主次干道综合治理全部完成，违法占道经营清理率 100%")
        self.save_form()
        self.expect("已保存" in self.text(), "project 2 not saved")

        self.open("/")
        self.fill("input[name=note]", "请审核")
        self.click("form[action^='/departments/342001/submit'] button")
        self.expect("已提交。实际完成值已锁定" in self.text(), "submission failed")
        self.shot("submitted")
        self.logout()

        # The bureau returns it with a comment on an item.
        self.login(self.bureau)
        self.expect("自评填报状态" in self.text() and "已提交" in self.text(), "status board")
        self.shot("status-board")
        self.navigate(lambda: d.find_element(By.LINK_TEXT, "342001"))
        self.check_console("342001")
        self.fill("textarea[name=comment]", "请补充群众满意度调查的样本量和方法")
        self.retrying(lambda: Select(d.find_element(By.NAME, "item1_project")).select_by_value(BUS))
        self.fill("input[name=item1_indicator]", "群众满意度")
        self.fill("input[name=item1_text]", "调查样本量请在偏差原因中注明")
        self.click("form[action^='/departments/342001/return'] button")
        self.expect("已退回" in self.text(), "return failed")
        self.shot("returned-with-comment")
        self.logout()

        # The unit sees the comment, fixes, resubmits.
        self.login(self.unit)
        self.expect("财政局审核意见" in self.text() and "请补充群众满意度调查的样本量和方法" in self.text(), "unit does not see the comment")
        self.shot("unit-sees-comment")
        self.open(f"/projects/{BUS}")
        self.expect("审核意见：调查样本量请在偏差原因中注明" in self.text(), "comment beside the indicator")
        self.fill("textarea[name='i4.reason']", "抽样调查 320 人，满意 275 人（86%）；高峰班次不足（D07），已协调加密班次")
        self.save_form()
        self.expect("已保存" in self.text(), "fix not saved")
        self.open("/")
        self.click("form[action^='/departments/342001/submit'] button")
        self.expect("已提交。实际完成值已锁定" in self.text(), "resubmission failed")
        self.shot("resubmitted")
        self.logout()

        # The bureau adjusts one score (复核) and approves.
        self.login(self.bureau)
        self.open(f"/projects/{WASTE}")
        self.fill("#row-executed form.adjust input[name=score]", "9")
        self.fill("#row-executed form.adjust input[name=reason]", "执行数含暂付款 2 万元")
        self.click("#row-executed form.adjust button")
        self.expect("复核得分 9.00：执行数含暂付款 2 万元" in self.text(), "adjustment not shown")
        self.shot("bureau-adjusted")
        self.open("/departments/342001")
        self.click("form[action^='/departments/342001/approve'] button")
        self.expect("已审核通过" in self.text(), "approval failed")
        self.shot("approved")
        self.open("/ranking")
        self.expect(self.retrying(lambda: len(d.find_elements(By.CSS_SELECTOR, "svg.chart rect"))) == 2, "ranking chart")
        self.shot("ranking")
        self.logout()

        # The unit downloads the docx.
        self.login(self.unit)
        self.expect("已审核" in self.text(), "unit home does not show approval")
        self.retrying(lambda: d.find_element(By.PARTIAL_LINK_TEXT, "Word（docx）").click())
        # The browser names it from the header: 自评报告-342001-2026.docx (filename*), else report-….
        path = None
        for _ in range(150):
            done = [f for f in os.listdir(self.downloads) if f.endswith(".docx") and "342001-2026" in f]
            if done:
                path = os.path.join(self.downloads, done[0])
                break
            time.sleep(0.1)
        self.expect(path is not None, f"docx not downloaded into {self.downloads}: {os.listdir(self.downloads)}")
        with open(path, "rb") as f:
            self.expect(f.read(2) == b"PK", "the download is not a docx")
        print(f"downloaded {path} ({os.path.getsize(path)} bytes)")
        self.shot("unit-after-download")
        self.check_console("end")
        if self.console_errors:
            raise AssertionError("console errors:\n" + "\n".join(self.console_errors))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--unit", required=True, help="name:password of the 342001 user")
    parser.add_argument("--bureau", required=True, help="name:password of the bureau user")
    parser.add_argument("--shots", required=True, help="folder for the screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = parser.parse_args()
    os.makedirs(args.shots, exist_ok=True)
    cycle = Cycle(args)
    try:
        cycle.run()
    except Exception as e:  # noqa: BLE001 — any failure: a screenshot, then exit 1
        cycle.shot("failure")
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    finally:
        cycle.driver.quit()
    print(f"browser cycle passed: {cycle.step} screenshots in {args.shots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The dashboard in a real browser: headless Chromium driven by Selenium against a live API.

Run by Tests/ShippingTests/BrowserTests.swift, which starts the API on a free port, seeds a failed task and a
history, and passes them in the environment: BASE_URL, TOKEN, FAILED_TASK_ID, FAILED_TASK_TITLE, CHROMIUM,
CHROMEDRIVER, SCREENSHOTS. Every wait is bounded; the browser and its driver are always stopped. Exits 0 when
every check passed, 1 with the failed check's message otherwise.
"""
import json
import os
import signal
import sys
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ["BASE_URL"]
TOKEN = os.environ["TOKEN"]
FAILED_ID = os.environ["FAILED_TASK_ID"]
FAILED_TITLE = os.environ["FAILED_TASK_TITLE"]
SHOTS = os.environ["SCREENSHOTS"]
WAIT_S = 20


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout("the browser suite ran past its 150 s bound")


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def shot(driver, name):
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def wait_for(driver, condition, what):
    try:
        return WebDriverWait(driver, WAIT_S).until(condition)
    except Exception:
        raise AssertionError("timed out waiting for " + what + " on " + driver.current_url)


def text(driver, selector):
    return driver.find_element(By.CSS_SELECTOR, selector).text


def run(driver):
    # Sign-in: the dashboard sends a stranger to sign in, and refuses a wrong token.
    driver.get(BASE + "/ui")
    wait_for(driver, EC.url_contains("/ui/signin"), "the sign-in page")
    check(driver.title.startswith("Sign in"), "title " + driver.title)
    driver.find_element(By.ID, "token").send_keys("tb_wrong" + Keys.ENTER)
    wait_for(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "p.error")), "the wrong token's message")
    check("unknown or revoked" in text(driver, "p.error"), "wrong-token message: " + text(driver, "p.error"))
    shot(driver, "01-sign-in")
    driver.find_element(By.ID, "token").send_keys(TOKEN + Keys.ENTER)
    wait_for(driver, EC.url_contains("/ui/overview"), "the overview after signing in")

    # The session is a cookie the page's script cannot read, and the token is kept nowhere in the page.
    cookies = {cookie["name"]: cookie for cookie in driver.get_cookies()}
    session = cookies.get("tb_session")
    check(session is not None, "no session cookie: %s" % list(cookies))
    check(session.get("httpOnly") is True, "the session cookie is not HttpOnly")
    check(session.get("sameSite") == "Strict", "the session cookie is SameSite=%s" % session.get("sameSite"))
    check("tb_session" not in driver.execute_script("return document.cookie"), "script can read the session")
    stored = driver.execute_script(
        "return JSON.stringify(Object.assign({}, window.localStorage, window.sessionStorage))")
    check(TOKEN not in stored and TOKEN not in driver.page_source, "the token is kept in the page")

    # Health and charts with data.
    check(text(driver, "h1") == "Overview", "overview heading " + text(driver, "h1"))
    charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
    check(len(charts) == 3, "%d charts" % len(charts))
    tasks_chart = driver.find_element(By.CSS_SELECTOR, "#chart-tasks svg.chart")
    check(float(tasks_chart.get_attribute("data-total")) > 0, "the tasks chart has no data")
    check(len(tasks_chart.find_elements(By.CSS_SELECTOR, "polyline")) == 3, "the tasks chart lacks a line")
    check("running" in text(driver, ".figures"), "fleet state: " + text(driver, ".figures"))
    check(FAILED_TITLE in text(driver, "#last-errors"), "the failed task is not among the last errors")
    shot(driver, "02-overview")

    # Filtering: the failed tasks only, then by title.
    driver.find_element(By.LINK_TEXT, "Tasks").click()
    wait_for(driver, EC.presence_of_element_located((By.ID, "tasks")), "the tasks table")
    Select(driver.find_element(By.NAME, "status")).select_by_value("failed")
    driver.find_element(By.CSS_SELECTOR, "form.filters button").click()
    wait_for(driver, EC.url_contains("status=failed"), "the filtered list")
    rows = driver.find_elements(By.CSS_SELECTOR, "#tasks tbody tr")
    check(len(rows) == 3, "%d failed rows" % len(rows))
    check(all("failed" in row.text for row in rows), "rows: %s" % [row.text for row in rows])
    check(any(FAILED_TITLE in row.text for row in rows), "the failed task is not listed")
    shot(driver, "03-tasks-failed")
    Select(driver.find_element(By.NAME, "status")).select_by_value("")
    search = driver.find_element(By.NAME, "q")
    search.clear()
    search.send_keys("Quarterly" + Keys.ENTER)
    wait_for(driver, EC.url_contains("q=Quarterly"), "the title search")
    titles = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#tasks tbody tr")]
    check(len(titles) == 2 and all("Quarterly" in title for title in titles), "search rows: %s" % titles)

    # A task's page and its timeline.
    driver.get(BASE + "/ui/tasks?status=failed")
    driver.find_element(By.LINK_TEXT, FAILED_TITLE).click()
    wait_for(driver, EC.presence_of_element_located((By.ID, "timeline")), "the task's timeline")
    events = [item.text for item in driver.find_elements(By.CSS_SELECTOR, "#timeline li")]
    check(len(events) >= 2 and "failed" in events[-1], "timeline: %s" % events)
    check("Trello said 400" in driver.page_source, "the error is not shown")
    shot(driver, "04-task-failed")

    # A POST without the session's CSRF token is refused, even with the session cookie.
    request = urllib.request.Request(
        BASE + "/ui/tasks/" + FAILED_ID + "/retry", data=b"csrf=forged", method="POST",
        headers={"Cookie": "tb_session=" + session["value"], "Content-Type": "application/x-www-form-urlencoded"})
    try:
        urllib.request.urlopen(request, timeout=WAIT_S)
        raise AssertionError("a forged retry was accepted")
    except urllib.error.HTTPError as error:
        check(error.code == 403, "a forged retry got %d" % error.code)
        csp = error.headers.get("Content-Security-Policy", "")
        check("script-src 'self'" in csp and "unsafe-inline" not in csp, "CSP: " + csp)

    # Retry, with the button.
    driver.find_element(By.XPATH, "//button[normalize-space()='Retry']").click()
    wait_for(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "p.notice")), "the retry's notice")
    check("queued again" in text(driver, "p.notice"), "notice: " + text(driver, "p.notice"))
    check("queued" in text(driver, ".fields .badge"), "status after retry: " + text(driver, ".fields .badge"))
    events = [item.text for item in driver.find_elements(By.CSS_SELECTOR, "#timeline li")]
    check("failed → queued" in events[-1], "timeline after retry: %s" % events)
    check(not driver.find_elements(By.XPATH, "//button[normalize-space()='Retry']"), "a queued task offers Retry")
    shot(driver, "05-task-retried")

    # Discard, from the failed tasks' table.
    driver.get(BASE + "/ui/tasks?status=failed")
    row = driver.find_element(By.XPATH, "//tr[.//a[normalize-space()='Scanner offline']]")
    row.find_element(By.XPATH, ".//button[normalize-space()='Discard']").click()
    wait_for(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "p.notice")), "the discard's notice")
    check("discarded" in text(driver, ".fields .badge"), "status after discard: " + text(driver, ".fields .badge"))

    # Retry all failed, after its confirmation.
    driver.get(BASE + "/ui/tasks?status=failed")
    driver.find_element(By.LINK_TEXT, "Retry all failed…").click()
    wait_for(driver, EC.url_contains("/ui/retry-failed"), "the confirmation")
    check("Retry all failed tasks?" in text(driver, "h1"), "confirmation: " + text(driver, "h1"))
    shot(driver, "06-retry-all-confirmation")
    driver.find_element(By.XPATH, "//button[starts-with(normalize-space(), 'Yes, retry 1 failed task')]").click()
    wait_for(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "p.notice")), "the retry-all notice")
    check("Every failed task is queued again" in text(driver, "p.notice"), "notice: " + text(driver, "p.notice"))
    driver.get(BASE + "/ui/tasks?status=failed")
    check(not driver.find_elements(By.CSS_SELECTOR, "#tasks tbody tr"), "failed tasks left after retrying all")

    # The form: the API's validation message, then a task filed.
    driver.find_element(By.LINK_TEXT, "File a task").click()
    wait_for(driver, EC.presence_of_element_located((By.ID, "new-task")), "the form")
    Select(driver.find_element(By.ID, "type")).select_by_value("task")
    check(not driver.find_element(By.ID, "description").is_displayed(), "a task's form shows a description")
    driver.find_element(By.CSS_SELECTOR, "#new-task button[type=submit]").click()
    wait_for(driver, EC.presence_of_element_located((By.CSS_SELECTOR, ".error-summary")), "the validation message")
    check("title is required" in text(driver, "#title-error"), "title message: " + text(driver, "#title-error"))
    check("category is required" in text(driver, "#category-error"), "category message")
    shot(driver, "07-form-validation")
    driver.find_element(By.ID, "title").send_keys("Check the backups")
    Select(driver.find_element(By.ID, "category")).select_by_value("Maintenance")
    driver.find_element(By.CSS_SELECTOR, "#new-task button[type=submit]").click()
    wait_for(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "p.notice")), "the filed task")
    check(text(driver, "h1") == "Check the backups", "filed task: " + text(driver, "h1"))

    # Keyboard: the navigation is reachable with Tab from the top of the page.
    driver.get(BASE + "/ui/overview")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    check(driver.switch_to.active_element.get_attribute("href").endswith("/ui"), "Tab does not reach the brand link")

    # No script or style was refused by the Content-Security-Policy along the way.
    refused = [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]
    check(not refused, "CSP refused: %s" % refused)

    # Sign-out ends the session.
    driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
    wait_for(driver, EC.url_contains("/ui/signin"), "the sign-in page after signing out")
    check("signed out" in text(driver, "p.notice"), "sign-out notice")
    driver.get(BASE + "/ui/tasks")
    wait_for(driver, EC.url_contains("/ui/signin"), "a signed-out browser sent to sign in")
    shot(driver, "08-signed-out")


def main():
    os.makedirs(SHOTS, exist_ok=True)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(150)
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ["CHROMIUM"]
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1000", "--no-first-run", "--disable-extensions"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=os.environ["CHROMEDRIVER"], log_output=os.path.join(SHOTS, "chromedriver.log"))
    driver = None
    try:
        driver = webdriver.Chrome(service=service, options=options)
        driver.set_page_load_timeout(WAIT_S)
        driver.set_script_timeout(WAIT_S)
        run(driver)
        # The phone-sized overview, for people to look at.
        driver.set_window_size(390, 844)
        driver.get(BASE + "/ui/signin")
        shot(driver, "09-phone-sign-in")
        print(json.dumps({"passed": True}))
        return 0
    except Exception as error:
        if driver is not None:
            try:
                shot(driver, "failure")
            except Exception:
                pass
        print("FAILED: %s: %s" % (type(error).__name__, error), file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
        if driver is not None:
            try:
                driver.quit()
            except Exception:
                pass
        service.stop()


if __name__ == "__main__":
    sys.exit(main())

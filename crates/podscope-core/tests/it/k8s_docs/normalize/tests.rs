//! The normalizer forgives only what legitimately differs, and a real difference still fails.

use super::{matches, normalize, render};

const PAGE: &str = "\
NAME                                READY     STATUS    RESTARTS   AGE
nginx-deployment-66b6c48dd5-4jw2p   1/1       Running   0          18s
nginx-deployment-66b6c48dd5-7bpzq   1/1       Running   2 (5s ago)   18s
";

const OURS: &str = "\
NAME                                READY   STATUS    RESTARTS      AGE
nginx-deployment-7c79c4bf97-b8sgz   1/1     Running   2 (41s ago)   2m1s
nginx-deployment-7c79c4bf97-x2lzk   1/1     Running   0             2m1s
";

#[test]
fn ages_generated_names_and_column_widths_do_not_count() {
    assert!(matches(PAGE, OURS), "{}\n{}", render(PAGE), render(OURS));
}

#[test]
fn a_wrong_status_a_wrong_count_or_a_missing_line_fails() {
    assert!(!matches(PAGE, &OURS.replace("Running   0", "Pending   0")));
    assert!(!matches(PAGE, &OURS.replace("2 (41s ago)", "3 (41s ago)")));
    assert!(!matches(
        PAGE,
        &OURS.replace("1/1     Running   0", "0/1     Running   0")
    ));
    let missing: String = OURS.lines().take(2).map(|l| format!("{l}\n")).collect();
    assert!(!matches(PAGE, &missing));
    assert!(!matches(
        "pod/memory-demo created\n",
        "pod/memory-demo configured\n"
    ));
    assert!(!matches("a\nb\n", "a\n"));
    assert!(!matches("a\n", "a\nb\n"));
}

#[test]
fn ips_uids_ids_and_times_are_placeholders() {
    let page = "IP:           10.244.0.5\nuid: 8a3f0c11-5e23-4c1e-9d3a-6f8e4f2b7a10\n\
                Container ID:  containerd://65183c1877aaec2e8427bc95609cc52677a454b56fcb24340dbd22917c23b10f\n\
                startedAt: \"2021-07-22T10:04:05Z\"\nStart Time:   Mon, 02 Jan 2006 15:04:05 -0700\n\
                resourceVersion: \"1234\"\n";
    let ours = "IP:  10.1.0.7\nuid: 0f6b5c36-0000-4000-8000-000000000001\n\
                Container ID:  containerd://0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n\
                startedAt: \"2026-01-01T00:00:09Z\"\nStart Time:  Thu, 01 Jan 2026 00:00:00 +0000\n\
                resourceVersion: \"7\"\n";
    assert!(matches(page, ours), "{}\n{}", render(page), render(ours));
    assert!(!matches(
        page,
        &ours.replace("IP:  10.1.0.7", "IP:  <none>")
    ));
}

#[test]
fn event_ages_and_pull_timings_are_placeholders() {
    let page = "\
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Pulled     7s    kubelet            Successfully pulled image \"busybox\" in 1.492s (1.492s including waiting). Image size: 2199185 bytes.
  Warning  BackOff   3s (x4 over 31s)  kubelet  Back-off restarting failed container
";
    let ours = "\
Events:
  Type    Reason   Age              From     Message
  ----    ------   ----             ----     -------
  Normal  Pulled   2m               kubelet  Successfully pulled image \"busybox\" in 812ms (812ms including waiting). Image size: 2166802 bytes.
  Warning  BackOff  1s (x2 over 9s)  kubelet  Back-off restarting failed container
";
    assert!(matches(page, ours), "{}\n{}", render(page), render(ours));
    assert!(!matches(page, &ours.replace("Pulled ", "Pulling")));
    assert!(!matches(page, &ours.replace("\"busybox\"", "\"nginx\"")));
}

#[test]
fn an_ellipsis_stands_for_any_lines_and_indentation_counts() {
    let page = "...\n    resources:\n      limits:\n        memory: 200Mi\n...\n";
    let ours = "apiVersion: v1\nspec:\n  containers:\n    resources:\n      limits:\n        memory: 200Mi\n    name: c\n";
    assert!(matches(page, ours));
    assert!(!matches(page, &ours.replace("200Mi", "100Mi")));
    assert!(!matches(
        page,
        &ours.replace("      limits:", "    limits:")
    ));
    assert!(matches("...\n", ""));
    // An ellipsis after a table's rows stands for any lines, not for a row with an age.
    let table = "NAME   AGE\nweb    10s\n...\n";
    assert!(matches(table, "NAME  AGE\nweb  3s\n"));
    assert!(matches(table, "NAME  AGE\nweb  3s\nweb  9s\n"));
    assert!(!matches(table, "NAME  AGE\n"));
}

#[test]
fn words_of_the_page_are_not_taken_for_generated_names() {
    let n = normalize("pod/shell-demo created\nnginx-deployment frontend-b2zdv 5d59d67564\n");
    let text: Vec<String> = n.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "pod/shell-demo created",
            "nginx-deployment frontend-xxxxx <hash>"
        ]
    );
    // CPU quantities, versions and ports stay.
    let n = normalize("cpu: 500m  nginx:1.14.2  80/TCP\n");
    assert_eq!(n[0].cells, ["cpu: 500m", "nginx:1.14.2", "80/TCP"]);
}

#[test]
fn an_ellipsis_in_a_cell_stands_for_any_text() {
    assert!(matches(
        "  containerID: ...\n",
        "  containerID: containerd://0123\n"
    ));
    assert!(matches("a ... c\n", "a b c\n"));
    assert!(!matches(
        "  containerID: ...\n",
        "  imageID: containerd://0123\n"
    ));
    assert!(!matches("a ... c\n", "a b d\n"));
}

#[test]
fn ps_measurements_and_ls_dates_are_placeholders() {
    let page = "USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n\
                2000         1  0.0  0.0   4336   764 ?        Ss   20:36   0:00 /bin/sh -c node server.js\n";
    let ours = "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n\
                2000           1  0.2  0.1   2384   1404 ?       Ss   10:00   0:01 /bin/sh -c node server.js\n";
    assert!(matches(page, ours), "{}\n{}", render(page), render(ours));
    assert!(!matches(page, &ours.replace("2000 ", "root ")));
    assert!(!matches(page, &ours.replace(" Ss ", " S ")));
    let busybox = "PID   USER     TIME  COMMAND\n    1 65535     0:00 /pause\n";
    assert!(matches(
        busybox,
        "PID   USER     TIME  COMMAND\n    1 65535     0:02 /pause\n"
    ));
    assert!(!matches(
        busybox,
        "PID   USER     TIME  COMMAND\n    1 root      0:00 /pause\n"
    ));
    assert!(matches(
        "lrwxrwxrwx 1 root root 31 Feb  6 21:47 ..data -> ..2982_06_02_21_47_53.299460680\n",
        "lrwxrwxrwx    1 root     root            31 Jan  1 10:00 ..data -> ..2026_01_01_10_00_05.123456789\n"
    ));
    let ls = "drwxrwsrwx 2 root 2000 4096 Jun  6 20:08 demo\n";
    assert!(matches(
        ls,
        "drwxrwsrwx    2 root     2000          4096 Jan  1 10:00 demo\n"
    ));
    assert!(!matches(
        ls,
        "drwxrwxrwx    2 root     2000          4096 Jan  1 10:00 demo\n"
    ));
}

#[test]
fn ps_pids_after_1_are_placeholders_while_they_rise() {
    let page = "PID   USER     TIME  COMMAND\n    1 1000      0:00 sleep 1h\n    6 1000      0:00 sh\n   11 1000      0:00 ps\n";
    let ours = "PID   USER     TIME  COMMAND\n    1 1000      0:00 sleep 1h\n    4 1000      0:00 sh\n    9 1000      0:00 ps\n";
    assert!(matches(page, ours), "{}\n{}", render(page), render(ours));
    // PID 1 is compared.
    assert!(!matches(page, &ours.replace("    1 1000", "    2 1000")));
    // A row more or less, another user or command, fails.
    assert!(!matches(
        page,
        &ours.replace("    9 1000      0:00 ps\n", "")
    ));
    assert!(!matches(page, &ours.replace("4 1000", "4 root")));
    // PIDs that do not rise (a repeated or reordered PID) are compared as printed.
    assert!(!matches(page, &ours.replace("    9 1000", "    4 1000")));
}

#[test]
fn allocated_node_ports_are_placeholders() {
    assert!(matches(
        "NAME  TYPE  PORT(S)\nweb  NodePort  80:31234/TCP\n",
        "NAME  TYPE  PORT(S)\nweb  NodePort  80:30007/TCP\n"
    ));
    assert!(matches(
        "NodePort:  <unset>  31496/TCP\n",
        "NodePort:  <unset>  30123/TCP\n"
    ));
    assert!(!matches(
        "NAME  PORT(S)\nweb  80:31234/TCP\n",
        "NAME  PORT(S)\nweb  81:30007/TCP\n"
    ));
    // Other numbers in that range stay: a target port, a size.
    assert!(!matches(
        "TargetPort:  31000/TCP\n",
        "TargetPort:  31001/TCP\n"
    ));
}

#[test]
fn an_age_that_ends_a_row_with_empty_cells_is_a_placeholder() {
    let page = "NAME  STATUS  CLAIM  REASON  AGE\npv1   Available            4s\n";
    assert!(matches(
        page,
        "NAME  STATUS  CLAIM  REASON  AGE\npv1   Available            2m\n"
    ));
    assert!(!matches(
        page,
        "NAME  STATUS  CLAIM  REASON  AGE\npv1   Bound            2m\n"
    ));
}

#[test]
fn a_generated_name_ending_a_sentence_is_still_generated() {
    let n = normalize("Defaulting debug container name to debugger-8xzrl.\n");
    let text: Vec<String> = n.iter().map(ToString::to_string).collect();
    assert_eq!(text, ["Defaulting debug container name to debugger-xxxxx."]);
    // The stop stays: a line without it is a different line; a given name stays a name.
    let ours = normalize("Defaulting debug container name to debugger-8xzrl\n");
    assert_ne!(n, ours);
    let given = normalize("Defaulting debug container name to my-debugger.\n");
    let text: Vec<String> = given.iter().map(ToString::to_string).collect();
    assert_eq!(text, ["Defaulting debug container name to my-debugger."]);
}

#[test]
fn image_sizes_and_nginx_log_times_are_placeholders() {
    let page = "IMAGE                 TAG     IMAGE ID        SIZE\n\
                docker.io/library/nginx   latest  cd5239a0906a6   109MB\n\
                10.240.0.96 - - [06/Jun/2018:02:45:49 +0000] \"GET / HTTP/1.1\" 200 612\n";
    let ours = "IMAGE   TAG   IMAGE ID   SIZE\n\
                docker.io/library/nginx   latest   0123456789abc   72.4MB\n\
                10.244.0.6 - - [03/Dec/2026:19:00:01 +0000] \"GET / HTTP/1.1\" 200 612\n";
    assert!(matches(page, ours), "{}\n{}", render(page), render(ours));
    // The tag, the status and the byte count still count.
    assert!(!matches(page, &ours.replace("latest", "1.29")));
    assert!(!matches(page, &ours.replace(" 200 612", " 404 612")));
    assert!(!matches(
        page,
        &ours.replace("03/Dec/2026:19:00:01", "03/Dec/2026 19:00:01")
    ));
}
